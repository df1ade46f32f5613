/// A QR code symbol: a square of dark and light modules, ready to render as SVG or PNG.
///
/// A LINE Official Account channel offers friend-add links as QR codes (R31), and members share invite links
/// as QR codes too (R06, R08). Encoding is done by libqrencode at the smallest version (size) that holds the
/// data at the chosen error correction level; the mask is chosen by the library as the standard prescribes.
///
/// ```swift
/// let code = try QRCode("https://line.me/R/ti/p/@example")
/// let svg = try code.svg()
/// let png = try code.png(scale: 6)
/// ```
///
/// Rendering is bounded: the module size, scale and quiet zone must lie in ``supportedScales`` and
/// ``supportedQuietZones``, so a PNG is at most 6,688 pixels on a side (about 5.6 MB before compression)
/// whatever a caller asks for.
public struct QRCode: Sendable, Hashable, CustomStringConvertible {
    /// How much of the symbol may be damaged or hidden and still be read.
    public enum ErrorCorrection: Sendable, Hashable, CaseIterable {
        /// About 7% of the codewords can be restored; the smallest symbol.
        case low
        /// About 15%; the usual choice for links shown on screens.
        case medium
        /// About 25%.
        case quartile
        /// About 30%; for printed codes that may be soiled or carry a logo over their centre.
        case high
    }

    /// The QR code version, 1 through 40; version *v* has `17 + 4 × v` modules per side.
    public let version: Int
    /// The error correction level the symbol was made with.
    public let errorCorrection: ErrorCorrection
    /// The number of modules on each side, without the quiet zone: 21 for version 1 up to 177 for version 40.
    public let size: Int
    /// Row-major, `true` for dark.
    private let modules: [Bool]

    /// The module sizes (for ``svg(moduleSize:quietZone:darkColor:lightColor:)``) and scales (for
    /// ``png(scale:quietZone:)``) accepted, in pixels per module.
    public static let supportedScales: ClosedRange<Int> = 1...32
    /// The quiet zones accepted, in modules on each side. The standard asks for at least 4.
    public static let supportedQuietZones: ClosedRange<Int> = 0...16

    /// The most bytes any version 40 symbol holds (7,089 digits in numeric mode); longer input is refused
    /// before it reaches the library, whose length parameter is a C `int`.
    static let maximumInputBytes = 7089

    /// Encodes text as its UTF-8 bytes.
    ///
    /// Runs of digits, and of upper-case letters with the few symbols QR's alphanumeric mode has, are encoded
    /// in the denser numeric and alphanumeric modes; everything else is 8-bit. No ECI header is written:
    /// readers take 8-bit data as UTF-8 in practice, and some older ones mishandle the header.
    /// - Parameters:
    ///   - text: The text, typically a friend-add or invite URL.
    ///   - errorCorrection: The error correction level.
    /// - Throws: ``QRCodeError`` with ``QRCodeError/Code/empty`` for empty text, ``QRCodeError/Code/tooLong``
    ///   when it does not fit a version 40 symbol at this level, or ``QRCodeError/Code/encoderFailure``.
    public init(_ text: String, errorCorrection: ErrorCorrection = .medium) throws(QRCodeError) {
        let utf8 = text.utf8
        try Self.checkLength(utf8.count, level: errorCorrection)
        // A C string ends at the first NUL, so text containing one goes in as bytes.
        let input: Libqrencode.Input = utf8.contains(0) ? .bytes(Array(utf8)) : .string(text)
        self.init(try Libqrencode.encode(input, level: errorCorrection, byteCount: utf8.count), errorCorrection)
    }

    /// Encodes bytes in 8-bit mode.
    /// - Parameters:
    ///   - bytes: The data; it may contain any byte, NUL included.
    ///   - errorCorrection: The error correction level.
    /// - Throws: ``QRCodeError`` with ``QRCodeError/Code/empty`` for no bytes, ``QRCodeError/Code/tooLong``
    ///   when they do not fit a version 40 symbol at this level, or ``QRCodeError/Code/encoderFailure``.
    public init(bytes: some Collection<UInt8>, errorCorrection: ErrorCorrection = .medium) throws(QRCodeError) {
        try Self.checkLength(bytes.count, level: errorCorrection)
        let array = Array(bytes)
        let symbol = try Libqrencode.encode(.bytes(array), level: errorCorrection, byteCount: array.count)
        self.init(symbol, errorCorrection)
    }

    private init(_ symbol: EncodedSymbol, _ errorCorrection: ErrorCorrection) {
        self.version = symbol.version
        self.errorCorrection = errorCorrection
        self.size = symbol.width
        self.modules = symbol.dark
    }

    /// Whether the module at a position is dark.
    ///
    /// - Parameters:
    ///   - x: The column, from 0 at the left to `size - 1`.
    ///   - y: The row, from 0 at the top to `size - 1`.
    /// - Returns: `true` for a dark module. Traps when the position is outside the symbol.
    public subscript(x x: Int, y y: Int) -> Bool {
        precondition((0..<size).contains(x) && (0..<size).contains(y), "module (\(x), \(y)) is outside the symbol")
        return modules[y * size + x]
    }

    /// The version, size and error correction level. The modules are left out: they spell the data, which
    /// may be an invite token.
    public var description: String {
        "QRCode(version: \(version), size: \(size), errorCorrection: \(errorCorrection))"
    }

    /// The number of dark modules.
    var darkModuleCount: Int { modules.reduce(0) { $1 ? $0 + 1 : $0 } }

    private static func checkLength(_ count: Int, level: ErrorCorrection) throws(QRCodeError) {
        if count == 0 { throw QRCodeError(code: .empty, message: "there is nothing to encode") }
        if count > maximumInputBytes { throw tooLongError(byteCount: count, level: level) }
    }

    static func tooLongError(byteCount: Int, level: ErrorCorrection) -> QRCodeError {
        QRCodeError(
            code: .tooLong,
            message: "\(byteCount) bytes do not fit a version 40 QR code at error correction \(level)"
        )
    }

    /// Checks a rendering's module size or scale and its quiet zone.
    /// - Returns: The side of the rendering, quiet zone included, in pixels.
    func renderedSide(scale: Int, quietZone: Int, scaleName: String) throws(QRCodeError) -> Int {
        let scales = Self.supportedScales
        guard scales.contains(scale) else {
            throw QRCodeError(
                code: .invalidScale,
                message: "\(scaleName) \(scale) is outside \(scales.lowerBound)...\(scales.upperBound)"
            )
        }
        let quietZones = Self.supportedQuietZones
        guard quietZones.contains(quietZone) else {
            throw QRCodeError(
                code: .invalidScale,
                message: "quiet zone \(quietZone) is outside \(quietZones.lowerBound)...\(quietZones.upperBound)"
            )
        }
        return (size + 2 * quietZone) * scale
    }
}
