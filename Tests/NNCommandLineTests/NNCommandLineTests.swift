import Testing

@testable import NNCommandLine
