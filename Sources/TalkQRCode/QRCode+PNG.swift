import CZlib

extension QRCode {
    /// Renders the symbol as a PNG image: 1-bit greyscale, black modules on white.
    ///
    /// The image is `(size + 2 × quietZone) × scale` pixels on each side. It holds the chunks a PNG needs
    /// (`IHDR`, one `IDAT` compressed with zlib, `IEND`) and nothing else, so it carries no metadata.
    /// - Parameters:
    ///   - scale: The pixels per module on each side, within ``supportedScales``.
    ///   - quietZone: The white margin on each side, in modules, within ``supportedQuietZones``.
    /// - Returns: The PNG file's bytes.
    /// - Throws: ``QRCodeError`` with ``QRCodeError/Code/invalidScale`` when the scale or quiet zone is out of
    ///   range, or ``QRCodeError/Code/encoderFailure`` with zlib's status when compression fails.
    public func png(scale: Int = 8, quietZone: Int = 4) throws(QRCodeError) -> [UInt8] {
        let side = try renderedSide(scale: scale, quietZone: quietZone, scaleName: "scale")

        var header: [UInt8] = []
        header.appendBigEndian(UInt32(side))
        header.appendBigEndian(UInt32(side))
        // Bit depth 1, colour type 0 (greyscale), deflate, adaptive filtering, no interlace.
        header += [1, 0, 0, 0, 0]

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png.appendChunk("IHDR", header)
        png.appendChunk("IDAT", try zlibCompressed(scanlines(side: side, scale: scale, quietZone: quietZone)))
        png.appendChunk("IEND", [])
        return png
    }

    /// The image's scanlines: each a filter byte and then the row's pixels, eight to a byte, most significant
    /// bit first, 1 for white.
    private func scanlines(side: Int, scale: Int, quietZone: Int) -> [UInt8] {
        let stride = 1 + (side + 7) / 8
        // White everywhere, the unused bits at the end of each row included.
        var bytes = [UInt8](repeating: 0xFF, count: stride * side)
        bytes.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            for moduleRow in 0..<size + 2 * quietZone {
                let first = moduleRow * scale * stride
                // Filter type 0 (none): with one bit a pixel the other filters gain deflate nothing here.
                buffer[first] = 0
                let y = moduleRow - quietZone
                if (0..<size).contains(y) {
                    for x in 0..<size where self[x: x, y: y] {
                        let start = (x + quietZone) * scale
                        for pixel in start..<start + scale {
                            buffer[first + 1 + (pixel >> 3)] &= ~(0x80 >> UInt8(pixel & 7))
                        }
                    }
                }
                // Every pixel row of a module row is the same: draw the first, copy it.
                for copy in 1..<scale {
                    (base + first + copy * stride).update(from: base + first, count: stride)
                }
            }
        }
        return bytes
    }

    /// The data in zlib format (deflate with zlib's header and Adler-32), which is what `IDAT` holds.
    private func zlibCompressed(_ data: [UInt8]) throws(QRCodeError) -> [UInt8] {
        let bound = compressBound(uLong(data.count))
        var compressed = [UInt8](repeating: 0, count: Int(bound))
        var length = uLongf(bound)
        let status = compressed.withUnsafeMutableBufferPointer { output in
            data.withUnsafeBufferPointer { input in
                compress2(output.baseAddress, &length, input.baseAddress, uLong(input.count), Z_BEST_COMPRESSION)
            }
        }
        guard status == Z_OK else {
            throw QRCodeError(
                code: .encoderFailure,
                message: "zlib could not compress \(data.count) bytes of image data",
                underlyingCode: status
            )
        }
        compressed.removeSubrange(Int(length)...)
        return compressed
    }
}

extension [UInt8] {
    fileprivate mutating func appendBigEndian(_ value: UInt32) {
        for shift in [24, 16, 8, 0] as [UInt32] { append(UInt8(truncatingIfNeeded: value >> shift)) }
    }

    /// Appends a PNG chunk: its length, type, data and the CRC-32 of type and data.
    fileprivate mutating func appendChunk(_ type: StaticString, _ data: [UInt8]) {
        let typeBytes = type.withUTF8Buffer { Array($0) }
        appendBigEndian(UInt32(data.count))
        append(contentsOf: typeBytes)
        append(contentsOf: data)
        var crc = crc32(0, nil, 0)
        crc = typeBytes.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        crc = data.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        appendBigEndian(UInt32(crc))
    }
}
