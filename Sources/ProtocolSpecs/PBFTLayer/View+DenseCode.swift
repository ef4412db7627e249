import MessagePassing

/// Views as field values of the layer port (`PBFTLayer`): the code is the view number, so a
/// config's `max_view` is the field's declared range (TLC's model values).
extension View: DenseCode {
    /// Views 0 ..< `PBFTConfiguration.viewCapacity`.
    public static var codeCapacity: Int { PBFTConfiguration.viewCapacity }
    /// The view number.
    public var denseCode: Int { number }
    /// View `code`.
    public static func withDenseCode(_ code: Int) -> View { View(code) }
}
