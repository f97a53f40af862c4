/// The model's description without its tensor elements — the META section of the binary
/// encoding — for formats that carry the elements their own way (ONNX initializers, safetensors
/// data). Visible to the package's modules only: other programs use the `.nnm` codecs.
extension Model {
  /// The canonical META document: every field of the model, each tensor's dtype and shape, and
  /// the index of the binary section that would hold its elements.
  package var metaDocument: [UInt8] { encodeModelJSON(self, target: .meta) }

  /// Decodes a META document into a model whose tensors have their dtype and shape but no
  /// elements (the caller fills them in and validates the result). Errors name byte offsets
  /// inside `bytes` and JSON paths.
  package init(metaDocument bytes: [UInt8]) throws(ModelFileError) {
    let result = bytes.withUnsafeBufferPointer { text in
      Result { () throws(ModelFileError) -> Model in
        if let (model, _) = MetaFastDecoder.decode(text, readerVersion: .supported) {
          return model
        }
        var parser = JSONParser(bytes: text)
        let root = try parser.parseDocument()
        var decoder = ModelJSONDecoder(source: text, base: 0, target: .meta)
        return try decoder.decodeModel(root)
      }
    }
    self = try result.get()
  }
}
