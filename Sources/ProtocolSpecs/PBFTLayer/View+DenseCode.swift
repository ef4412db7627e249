import MessagePassing

/// Views as field values of the layer port (`PBFTLayer`): the code is the view number, so a
/// config's `max_view` is the field's declared range (TLC's model values). The type holds any view;
/// the derived encoding takes the bits the declared range needs.
extension View: DenseCode {
    /// Any non-negative view.
    public static var codeCapacity: Int { .max }
    /// The view number.
    public var denseCode: Int { number }
    /// View `code`.
    public static func withDenseCode(_ code: Int) -> View { View(code) }
}
