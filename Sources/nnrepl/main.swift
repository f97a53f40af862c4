import CReadline
import NNRepl

print("nnrepl: not yet")
