import NNModel
import NNPlot

/// The pictures' titles and the loss chart of a model file, shared by `nntool` and `nnrepl`.
public enum PictureTitles {
  /// The model's name, else the file's name.
  public static func modelName(_ loaded: LoadedModel) -> String {
    loaded.model.name.map(Escaping.singleLine) ?? FileAccess.fileName(of: loaded.path)
  }

  /// "Decision map: gender".
  public static func decisionMap(_ loaded: LoadedModel) -> String {
    "Decision map: " + modelName(loaded)
  }

  /// The loss chart of the history stored in the model's provenance.
  public static func lossChart(_ loaded: LoadedModel, logarithmic: Bool) -> LossChart {
    let provenance = loaded.model.provenance
    // Format 1.1 stores the validation loss of each epoch when training had a split.
    let validation = provenance?.validationLossHistory ?? []
    return LossChart(
      training: provenance?.lossHistory ?? [], validation: validation,
      lossName: provenance?.loss, title: "Loss: " + modelName(loaded), logarithmic: logarithmic)
  }
}
