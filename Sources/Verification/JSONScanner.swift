/// Walks the scalar values and containers of a syntactically valid JSON text in document order, with
/// each value's field path (`steps[0].state.view`) and byte offset.
struct JSONScanner {
    /// One value: where it starts, its path, and for numbers the literal.
    struct Value {
        var offset: Int
        var path: String
        var text: String
        var isNumber: Bool

        /// Whether the number has no fraction and no exponent.
        var isInteger: Bool { isNumber && !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) }
        /// Whether the number is an integer that fits in 64 bits.
        var isInteger64: Bool { isInteger && Int(text) != nil }
    }

    private enum Container {
        case object(key: String?)
        case array(index: Int)
    }

    private let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The first value, in document order, that satisfies `predicate`.
    func firstValue(where predicate: (Value) -> Bool) -> Value? {
        var stack: [Container] = []
        var position = 0
        func currentPath() -> String {
            var path = ""
            for container in stack {
                switch container {
                case .object(let key?): path += path.isEmpty ? key : ".\(key)"
                case .object(nil): break
                case .array(let index): path += "[\(index)]"
                }
            }
            return path
        }
        /// After a value ends: an array moves to its next index, an object waits for its next key.
        func valueEnded() {
            guard let last = stack.last else { return }
            switch last {
            case .object: stack[stack.count - 1] = .object(key: nil)
            case .array(let index): stack[stack.count - 1] = .array(index: index + 1)
            }
        }
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if predicate(Value(offset: position, path: currentPath(), text: "", isNumber: false)) {
                    return Value(offset: position, path: currentPath(), text: "", isNumber: false)
                }
                stack.append(byte == UInt8(ascii: "{") ? .object(key: nil) : .array(index: 0))
                position += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                stack.removeLast()
                valueEnded()
                position += 1
            case UInt8(ascii: "\""):
                let start = position
                position += 1
                while position < bytes.count && bytes[position] != UInt8(ascii: "\"") {
                    position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1
                }
                position += 1
                let text = String(decoding: bytes[(start + 1)..<min(position - 1, bytes.count)], as: UTF8.self)
                var next = position
                while next < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[next]) { next += 1 }
                if next < bytes.count, bytes[next] == UInt8(ascii: ":"), case .object(nil)? = stack.last {
                    stack[stack.count - 1] = .object(key: text)
                    position = next + 1
                } else {
                    let value = Value(offset: start, path: currentPath(), text: text, isNumber: false)
                    if predicate(value) { return value }
                    valueEnded()
                }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                let start = position
                while position < bytes.count, !Self.ends(bytes[position]) { position += 1 }
                let text = String(decoding: bytes[start..<position], as: UTF8.self)
                let value = Value(offset: start, path: currentPath(), text: text, isNumber: byte == UInt8(ascii: "-") || byte <= 0x39)
                if predicate(value) { return value }
                valueEnded()
            default:
                position += 1  // white space, ',' and ':'
            }
        }
        return nil
    }

    private static func ends(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"): true
        default: false
        }
    }
}
