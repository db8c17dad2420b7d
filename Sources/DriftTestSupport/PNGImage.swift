import CLibDeflate
import Foundation

/// An 8-bit RGB or RGBA PNG, decoded (as headless Chromium writes its screenshots).
public struct PNGImage {
  public var width: Int
  public var height: Int
  /// Bytes per pixel: 3 (RGB) or 4 (RGBA).
  public var channels: Int
  /// Rows of pixels, top first, without filter bytes.
  public var pixels: [UInt8]

  /// What is wrong with a PNG this decoder does not read.
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// Decodes the PNG `data`.
  public init(_ data: [UInt8]) throws {
    guard data.count > 8,
      data[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    else { throw Failure(description: "not a PNG") }
    func integer(_ at: Int) -> Int {
      (Int(data[at]) << 24) | (Int(data[at + 1]) << 16) | (Int(data[at + 2]) << 8)
        | Int(data[at + 3])
    }
    var position = 8
    var compressed: [UInt8] = []
    var header: (width: Int, height: Int, depth: UInt8, colour: UInt8)?
    while position + 8 <= data.count {
      let length = integer(position)
      let kind = String(decoding: data[(position + 4)..<(position + 8)], as: UTF8.self)
      let body = (position + 8)..<min(data.count, position + 8 + length)
      if kind == "IHDR" {
        header = (
          integer(body.lowerBound), integer(body.lowerBound + 4), data[body.lowerBound + 8],
          data[body.lowerBound + 9]
        )
      } else if kind == "IDAT" {
        compressed += data[body]
      }
      position += 12 + length
    }
    guard let header, header.depth == 8, header.colour == 2 || header.colour == 6 else {
      throw Failure(description: "not an 8-bit RGB(A) PNG")
    }
    width = header.width
    height = header.height
    channels = header.colour == 2 ? 3 : 4
    let stride = width * channels
    var raw = [UInt8](repeating: 0, count: height * (stride + 1))
    guard let decompressor = libdeflate_alloc_decompressor() else {
      throw Failure(description: "no decompressor")
    }
    defer { libdeflate_free_decompressor(decompressor) }
    var produced = 0
    let result = compressed.withUnsafeBufferPointer { input in
      raw.withUnsafeMutableBufferPointer { output in
        libdeflate_zlib_decompress(
          decompressor, input.baseAddress, input.count, output.baseAddress, output.count,
          &produced)
      }
    }
    guard result == LIBDEFLATE_SUCCESS, produced == raw.count else {
      throw Failure(description: "bad image data")
    }
    var pixels = [UInt8](repeating: 0, count: height * stride)
    for row in 0..<height {
      let filter = raw[row * (stride + 1)]
      let input = row * (stride + 1) + 1
      let output = row * stride
      for index in 0..<stride {
        let a = index >= channels ? Int(pixels[output + index - channels]) : 0
        let b = row > 0 ? Int(pixels[output - stride + index]) : 0
        let c = index >= channels && row > 0 ? Int(pixels[output - stride + index - channels]) : 0
        let predictor: Int
        switch filter {
        case 1: predictor = a
        case 2: predictor = b
        case 3: predictor = (a + b) / 2
        case 4:
          let p = a + b - c
          let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
        default: predictor = 0
        }
        pixels[output + index] = UInt8((Int(raw[input + index]) + predictor) & 0xFF)
      }
    }
    self.pixels = pixels
  }

  /// The red, green and blue of the pixel at `x`, `y`.
  public func rgb(_ x: Int, _ y: Int) -> (UInt8, UInt8, UInt8) {
    let at = (y * width + x) * channels
    return (pixels[at], pixels[at + 1], pixels[at + 2])
  }
}
