import Testing

@testable import NNRepl
