/// Character-level checks shared by the identifier parsers.
enum IdentifierSyntax {
    static func isLowercaseHex(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar) || ("a"..."f").contains(scalar)
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    static func isLowercaseLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        isDigit(scalar) || ("a"..."z").contains(scalar)
    }

    /// Drops leading and trailing whitespace, as search boxes should.
    static func trimmingWhitespace(_ text: String) -> Substring {
        var trimmed = text[...]
        while trimmed.first?.isWhitespace == true { trimmed.removeFirst() }
        while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
        return trimmed
    }

    /// Describes a character for an error message without quoting the rest of the input.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        if scalar.isASCII, scalar.value >= 0x21, scalar.value < 0x7F {
            return "'\(Character(scalar))'"
        }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Checks that every scalar of `text` passes `isAllowed`, reporting the first that does not.
    /// - Parameter baseOffset: The offset of `text` inside the whole input, for the error.
    static func requireAll(
        _ text: Substring,
        kind: String,
        input: String,
        baseOffset: Int = 0,
        expected: String,
        where isAllowed: (Unicode.Scalar) -> Bool
    ) throws(IdentifierError) {
        for (index, scalar) in text.unicodeScalars.enumerated() where !isAllowed(scalar) {
            throw IdentifierError(
                .invalidCharacter,
                kind: kind,
                offset: baseOffset + index,
                input: input,
                "\(describe(scalar)) is not allowed; expected \(expected)"
            )
        }
    }

    /// Checks the length of `text`, in Unicode scalars, against a range.
    static func requireLength(
        _ text: Substring,
        in range: ClosedRange<Int>,
        kind: String,
        part: String,
        input: String
    ) throws(IdentifierError) {
        let count = text.unicodeScalars.count
        if count == 0 {
            throw IdentifierError(.empty, kind: kind, input: input, "the \(part) is empty")
        }
        if count < range.lowerBound || count > range.upperBound {
            let code: IdentifierError.Code = count > range.upperBound ? .tooLong : .wrongLength
            throw IdentifierError(
                code,
                kind: kind,
                input: input,
                "the \(part) has \(count) characters; expected \(range.lowerBound) to \(range.upperBound)"
            )
        }
    }
}

extension IdentifierSyntax {
    /// Checks a LINE ID of the form `prefix` and 32 lowercase hexadecimal digits (user, group and room IDs).
    ///
    /// Decoding checks every ID of every webhook, so well-formed IDs are checked on their UTF-8 bytes in one pass;
    /// the scalar-by-scalar walk that names the first wrong character runs only for IDs that fail.
    static func requirePrefixedHex(_ text: String, prefix: Unicode.Scalar, kind: String) throws(IdentifierError) {
        let lead = UInt8(ascii: prefix)
        let wellFormed = text.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.count == 33, bytes[0] == lead else { return false }
            // Branch-free per byte: a byte is bad when it is neither a digit nor `a`...`f`.
            var bad: UInt8 = 0
            for index in 1..<33 {
                let byte = bytes[index]
                bad |= (byte &- 0x30 < 10 ? 0 : 1) & (byte &- 0x61 < 6 ? 0 : 1)
            }
            return bad == 0
        }
        if wellFormed == true { return }
        guard let first = text.unicodeScalars.first else {
            throw IdentifierError(.empty, kind: kind, input: text, "the ID is empty")
        }
        guard first == prefix else {
            throw IdentifierError(
                .missingPrefix,
                kind: kind,
                offset: 0,
                input: text,
                "a \(kind) starts with '\(prefix)', not \(describe(first))"
            )
        }
        let digits = text.unicodeScalars.dropFirst()
        guard digits.count == 32 else {
            throw IdentifierError(
                .wrongLength,
                kind: kind,
                input: text,
                "expected '\(prefix)' and 32 hexadecimal digits, found \(digits.count) characters after '\(prefix)'"
            )
        }
        try requireAll(
            Substring(digits),
            kind: kind,
            input: text,
            baseOffset: 1,
            expected: "lowercase hexadecimal digits 0-9 and a-f"
        ) { isLowercaseHex($0) }
    }

    /// Checks an ID LINE defines as opaque (message and webhook event IDs): 1 to 128 printable ASCII characters,
    /// no spaces. The bound keeps a hostile value from becoming a storage key of any size.
    static func requireOpaque(_ text: String, kind: String) throws(IdentifierError) {
        let wellFormed = text.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.count >= 1, bytes.count <= 128 else { return false }
            var bad: UInt8 = 0
            for index in 0..<bytes.count { bad |= bytes[index] &- 0x21 < 0x5E ? 0 : 1 }
            return bad == 0
        }
        if wellFormed == true { return }
        try requireLength(text[...], in: 1...128, kind: kind, part: "ID", input: text)
        try requireAll(text[...], kind: kind, input: text, expected: "printable ASCII characters without spaces") {
            $0.value > 0x20 && $0.value < 0x7F
        }
    }
}
