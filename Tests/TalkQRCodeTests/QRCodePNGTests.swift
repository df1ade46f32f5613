import CZlib
import TalkQRCode
import Testing

/// PNG renderings, read back chunk by chunk with a CRC-32 of the tests' own and inflated with zlib.
@Suite struct QRCodePNGTests {
    private struct Chunk {
        var type: String
        var data: [UInt8]
        var storedCRC: UInt32
        var computedCRC: UInt32
    }

    /// The CRC-32 of ISO 3309 that PNG uses (reflected polynomial 0xEDB88320), computed bit by bit.
    private static func crc32OfPNG(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    private static func bigEndian(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    private static func chunks(of png: [UInt8]) throws -> [Chunk] {
        var chunks: [Chunk] = []
        var offset = 8
        while offset < png.count {
            try #require(offset + 12 <= png.count, "truncated chunk at byte \(offset)")
            let length = Int(bigEndian(png[offset..<offset + 4]))
            try #require(offset + 12 + length <= png.count, "chunk at byte \(offset) runs past the end")
            let typeAndData = png[offset + 4..<offset + 8 + length]
            chunks.append(
                Chunk(
                    type: String(decoding: typeAndData.prefix(4), as: UTF8.self),
                    data: Array(typeAndData.dropFirst(4)),
                    storedCRC: bigEndian(png[offset + 8 + length..<offset + 12 + length]),
                    computedCRC: crc32OfPNG(typeAndData)
                )
            )
            offset += 12 + length
        }
        return chunks
    }

    private static func inflate(_ data: [UInt8], expectedCount: Int) throws -> [UInt8] {
        // One byte of room more than expected, so that longer output shows as a wrong length.
        var output = [UInt8](repeating: 0, count: expectedCount + 1)
        var length = uLongf(output.count)
        let status = output.withUnsafeMutableBufferPointer { out in
            data.withUnsafeBufferPointer { uncompress(out.baseAddress, &length, $0.baseAddress, uLong($0.count)) }
        }
        try #require(status == Z_OK, "zlib uncompress status \(status)")
        return Array(output.prefix(Int(length)))
    }

    static let renderings: [(link: String, scale: Int, quietZone: Int)] = [
        ("https://line.me/R/ti/p/@abc", 1, 0),
        ("https://line.me/R/ti/p/@abc", 3, 4),
        ("https://lin.ee/AbC9xYz", 8, 4),
        ("https://line.me/R/ti/p/@example?from=invite&member=42", 5, 2),
        ("https://line.me/R/ti/p/@example", 1, 16),
    ]

    @Test(arguments: renderings)
    func r31_pngPixelsAreTheModulesScaledInsideTheQuietZone(
        _ example: (link: String, scale: Int, quietZone: Int)
    )
        throws
    {
        let code = try QRCode(example.link)
        let png = try code.png(scale: example.scale, quietZone: example.quietZone)
        let side = (code.size + 2 * example.quietZone) * example.scale

        #expect(png.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let chunks = try Self.chunks(of: png)
        #expect(chunks.map(\.type) == ["IHDR", "IDAT", "IEND"])
        for chunk in chunks { #expect(chunk.storedCRC == chunk.computedCRC, "CRC of \(chunk.type)") }
        let header = try #require(chunks.first).data
        #expect(header.count == 13)
        #expect(Self.bigEndian(header[0..<4]) == UInt32(side))
        #expect(Self.bigEndian(header[4..<8]) == UInt32(side))
        #expect(Array(header[8...]) == [1, 0, 0, 0, 0], "1-bit greyscale, deflate, no interlace")
        #expect(chunks.last?.data == [])

        let stride = 1 + (side + 7) / 8
        let scanlines = try Self.inflate(try #require(chunks.dropFirst().first).data, expectedCount: stride * side)
        try #require(scanlines.count == stride * side)
        #expect((0..<side).allSatisfy { scanlines[$0 * stride] == 0 }, "every row has filter type 0")
        var wrongPixels: [(Int, Int)] = []
        for row in 0..<side {
            for column in 0..<side {
                let white = scanlines[row * stride + 1 + column / 8] >> (7 - UInt8(column % 8)) & 1 == 1
                let x = column / example.scale - example.quietZone
                let y = row / example.scale - example.quietZone
                let dark = (0..<code.size).contains(x) && (0..<code.size).contains(y) && code[x: x, y: y]
                if white == dark { wrongPixels.append((column, row)) }
            }
        }
        let first = wrongPixels.first.map { "\($0)" } ?? "-"
        #expect(wrongPixels.isEmpty, "\(wrongPixels.count) wrong pixels, the first at \(first)")
    }

    @Test func r31_theLargestPngIsBoundedAndWellFormed() throws {
        let code = try QRCode(String(repeating: "a", count: 1273), errorCorrection: .high)
        let png = try code.png(
            scale: QRCode.supportedScales.upperBound,
            quietZone: QRCode.supportedQuietZones.upperBound
        )
        let chunks = try Self.chunks(of: png)
        #expect(chunks.map(\.type) == ["IHDR", "IDAT", "IEND"])
        for chunk in chunks { #expect(chunk.storedCRC == chunk.computedCRC, "CRC of \(chunk.type)") }
        let header = try #require(chunks.first).data
        #expect(Self.bigEndian(header[0..<4]) == 6688)
        let stride = 1 + 6688 / 8
        let scanlines = try Self.inflate(try #require(chunks.dropFirst().first).data, expectedCount: stride * 6688)
        #expect(scanlines.count == stride * 6688)
    }
}
