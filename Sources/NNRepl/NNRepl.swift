import NNEngine
import NNModel
