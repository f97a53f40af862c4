"""Checks that PNG files are not blank: decodes them with zlib (no third-party package) and
requires several distinct colours and some pixels that are not the background.

    python3 .ci/png_check.py picture.png ...
"""
import struct
import sys
import zlib


def pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG file")
    offset, idat, header = 8, b"", None
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    width, height, depth, color_type, _, _, interlace = header
    if depth != 8 or interlace != 0 or color_type not in (2, 6):
        raise ValueError(f"{path}: unexpected PNG layout {header}")
    channels = 3 if color_type == 2 else 4
    stride = width * channels
    raw = zlib.decompress(idat)
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + predictor) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def check(path):
    width, height, channels, rows = pixels(path)
    colors, background = {}, None
    for row in rows[::2]:
        for x in range(0, width, 2):
            pixel = row[x * channels:x * channels + 3]
            colors[pixel] = colors.get(pixel, 0) + 1
    total = sum(colors.values())
    background, most = max(colors.items(), key=lambda item: item[1])
    ink = 1 - most / total
    if len(colors) < 8 or ink < 0.01:
        raise SystemExit(
            f"{path}: looks blank ({len(colors)} colours, {ink:.1%} not background)")
    print(f"{path}: {width}x{height}, {len(colors)} colours, {ink:.1%} drawn")


for name in sys.argv[1:]:
    check(name)
