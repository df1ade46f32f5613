import TalkQRCode

/// Reads what a test needs out of a symbol, written from ISO/IEC 18004 so the tests do not trust libqrencode's
/// own view of what it wrote: the format information of any version, and the data of versions 1 and 2 (the
/// only ones whose every error correction level is a single block, so data codewords come first).
struct SymbolReader {
    let code: QRCode

    /// The format information: error correction level and mask, from one of its two copies.
    struct Format: Equatable {
        var errorCorrection: QRCode.ErrorCorrection
        var mask: Int
        /// Whether the 10 check bits are the BCH(15, 5) remainder of the 5 data bits.
        var checksumIsValid: Bool
    }

    /// The 15 format bits after unmasking, bit 0 first, from the copy around the top-left finder.
    var formatBitsNearTopLeft: Int {
        var positions: [(Int, Int)] = (0...5).map { (8, $0) }
        positions += [(8, 7), (8, 8), (7, 8)]
        positions += (9..<15).map { (14 - $0, 8) }
        return bits(at: positions)
    }

    /// The same 15 bits from the copy split between the top-right and bottom-left finders.
    var formatBitsNearOtherFinders: Int {
        let size = code.size
        var positions: [(Int, Int)] = (0..<8).map { (size - 1 - $0, 8) }
        positions += (8..<15).map { (8, size - 15 + $0) }
        return bits(at: positions)
    }

    private func bits(at positions: [(Int, Int)]) -> Int {
        var value = 0
        for (index, position) in positions.enumerated() where code[x: position.0, y: position.1] {
            value |= 1 << index
        }
        // The standard masks format information so that it is never all light.
        return value ^ 0b101_0100_0001_0010
    }

    var format: Format {
        let bits = formatBitsNearTopLeft
        let data = bits >> 10
        let levels: [QRCode.ErrorCorrection] = [.medium, .low, .high, .quartile]
        var remainder = data << 10
        for bit in stride(from: 14, through: 10, by: -1) where remainder & (1 << bit) != 0 {
            remainder ^= 0b101_0011_0111 << (bit - 10)
        }
        return Format(errorCorrection: levels[data >> 3], mask: data & 7, checksumIsValid: remainder == bits & 0x3FF)
    }

    /// Whether the module belongs to a function pattern (finders, separators, format, timing, alignment).
    private func isFunction(x: Int, y: Int) -> Bool {
        let size = code.size
        if x < 9 && y < 9 { return true }
        if x >= size - 8 && y < 9 { return true }
        if x < 9 && y >= size - 8 { return true }
        if x == 6 || y == 6 { return true }
        return code.version == 2 && abs(x - 18) <= 2 && abs(y - 18) <= 2
    }

    private func maskFlips(_ mask: Int, x: Int, y: Int) -> Bool {
        switch mask {
        case 0: (y + x) % 2 == 0
        case 1: y % 2 == 0
        case 2: x % 3 == 0
        case 3: (y + x) % 3 == 0
        case 4: (y / 2 + x / 3) % 2 == 0
        case 5: (y * x) % 2 + (y * x) % 3 == 0
        case 6: ((y * x) % 2 + (y * x) % 3) % 2 == 0
        default: ((y + x) % 2 + (y * x) % 3) % 2 == 0
        }
    }

    /// The data codewords, read in the standard's zigzag from the bottom-right corner and unmasked.
    func dataCodewords() -> [UInt8]? {
        let dataCount: [QRCode.ErrorCorrection: [Int]] = [
            .low: [19, 34], .medium: [16, 28], .quartile: [13, 22], .high: [9, 16],
        ]
        guard (1...2).contains(code.version), let counts = dataCount[code.errorCorrection] else { return nil }
        let format = format
        let size = code.size
        var bits: [Bool] = []
        var right = size - 1
        var upward = true
        while right >= 1 {
            // The vertical timing pattern takes a whole column; the zigzag steps over it.
            if right == 6 { right = 5 }
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !isFunction(x: x, y: y) {
                    bits.append(code[x: x, y: y] != maskFlips(format.mask, x: x, y: y))
                }
            }
            upward.toggle()
            right -= 2
        }
        let count = counts[code.version - 1]
        return (0..<count).map { index in
            (0..<8).reduce(UInt8(0)) { $0 << 1 | (bits[index * 8 + $1] ? 1 : 0) }
        }
    }

    /// The bytes the data segments carry, for numeric, alphanumeric and 8-bit segments.
    func payload() -> [UInt8]? {
        guard let codewords = dataCodewords() else { return nil }
        var reader = BitReader(bytes: codewords)
        let alphanumeric = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".utf8)
        var output: [UInt8] = []
        while reader.remaining >= 4 {
            switch reader.read(4) {
            case 0:
                return output
            case 0b0001:
                var count = reader.read(10)
                while count >= 3 {
                    output += Array(pad(reader.read(10), 3).utf8)
                    count -= 3
                }
                if count == 2 { output += Array(pad(reader.read(7), 2).utf8) }
                if count == 1 { output += Array(pad(reader.read(4), 1).utf8) }
            case 0b0010:
                var count = reader.read(9)
                while count >= 2 {
                    let pair = reader.read(11)
                    output += [alphanumeric[pair / 45], alphanumeric[pair % 45]]
                    count -= 2
                }
                if count == 1 { output.append(alphanumeric[reader.read(6)]) }
            case 0b0100:
                for _ in 0..<reader.read(8) { output.append(UInt8(reader.read(8))) }
            default:
                return nil
            }
        }
        return output
    }

    private func pad(_ value: Int, _ digits: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: digits - text.count) + text
    }
}

private struct BitReader {
    let bytes: [UInt8]
    var position = 0

    var remaining: Int { bytes.count * 8 - position }

    mutating func read(_ count: Int) -> Int {
        var value = 0
        for _ in 0..<count {
            let bit = position < bytes.count * 8 ? Int(bytes[position / 8] >> (7 - UInt8(position % 8)) & 1) : 0
            value = value << 1 | bit
            position += 1
        }
        return value
    }
}
