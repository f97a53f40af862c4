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
    // MERGE POINT (issue 11 / format 1.1): when the training branch stores the validation
    // loss history in Provenance, pass it here as `validation:`; the chart already draws it.
    let validation: [Double] = []
    return LossChart(
      training: provenance?.lossHistory ?? [], validation: validation,
      lossName: provenance?.loss, title: "Loss: " + modelName(loaded), logarithmic: logarithmic)
  }
}
