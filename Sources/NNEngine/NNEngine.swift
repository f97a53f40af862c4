import NNModel
