import CQRencode
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Serializes every call into libqrencode.
///
/// The library is thread-safe only when it was built with pthreads, a build option that cannot be checked at
/// run time (Debian's build has it; others need not). Encoding one symbol takes well under a millisecond, so a
/// lock costs little. The lock guards the C library's own process-wide state, which is why it is global.
private let libqrencodeLock = Mutex(())

/// A symbol as libqrencode made it, copied out of the library's memory.
struct EncodedSymbol: Sendable {
    var version: Int
    var width: Int
    var dark: [Bool]
}

enum Libqrencode {
    /// What to hand to the library.
    enum Input {
        /// A NUL-free string: the library picks numeric, alphanumeric or 8-bit mode for each run of it.
        case string(String)
        /// Bytes in 8-bit mode, which may include NUL.
        case bytes([UInt8])
    }

    /// Encodes at the smallest version that fits.
    /// - Throws: ``QRCodeError`` with ``QRCodeError/Code/tooLong`` when no version fits, or
    ///   ``QRCodeError/Code/encoderFailure`` with the library's `errno`.
    static func encode(
        _ input: Input,
        level: QRCode.ErrorCorrection,
        byteCount: Int
    ) throws(QRCodeError) -> EncodedSymbol {
        let cLevel: QRecLevel =
            switch level {
            case .low: QR_ECLEVEL_L
            case .medium: QR_ECLEVEL_M
            case .quartile: QR_ECLEVEL_Q
            case .high: QR_ECLEVEL_H
            }
        return try libqrencodeLock.withLock { _ throws(QRCodeError) -> EncodedSymbol in
            // errno is per thread; clear it so a stale value is never reported as the library's.
            errno = 0
            let symbol: UnsafeMutablePointer<QRcode>? =
                switch input {
                case .string(let text):
                    // Case-sensitive, and 8-bit rather than Kanji for everything outside the
                    // alphanumeric set, so UTF-8 text is kept byte for byte.
                    text.withCString { QRcode_encodeString($0, 0, cLevel, QR_MODE_8, 1) }
                case .bytes(let bytes):
                    bytes.withUnsafeBufferPointer { QRcode_encodeData(Int32($0.count), $0.baseAddress, 0, cLevel) }
                }
            guard let symbol else {
                let code = errno
                if code == ERANGE { throw QRCode.tooLongError(byteCount: byteCount, level: level) }
                throw QRCodeError(
                    code: .encoderFailure,
                    message: "libqrencode could not encode \(byteCount) bytes",
                    underlyingCode: code
                )
            }
            defer { QRcode_free(symbol) }
            let width = Int(symbol.pointee.width)
            let cells = UnsafeBufferPointer(start: symbol.pointee.data, count: width * width)
            // Bit 0 is the module's colour; the other bits say which function pattern it belongs to.
            let dark = cells.map { $0 & 1 == 1 }
            return EncodedSymbol(version: Int(symbol.pointee.version), width: width, dark: dark)
        }
    }
}
