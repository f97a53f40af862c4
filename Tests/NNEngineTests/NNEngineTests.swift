import Testing

@testable import NNEngine
