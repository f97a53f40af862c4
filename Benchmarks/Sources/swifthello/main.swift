// The baseline for whole-process timings: the cost of starting and ending a Swift program
// built like nntool (release, --static-swift-stdlib).
print("hello")
