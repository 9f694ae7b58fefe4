using System.Buffers.Binary;

namespace Callytics.Paths.Sample;

/// <summary>What a RIFF/WAVE header says: enough to describe a call recording.</summary>
public sealed record WavHeader(int SampleRate, int Channels, int BitsPerSample, long DataBytes)
{
    /// <summary>The duration in seconds.</summary>
    public double DurationSeconds => (double)DataBytes / (SampleRate * Channels * (BitsPerSample / 8));

    /// <summary>Reads the header from the start of <paramref name="stream"/>; on failure <paramref name="error"/> says why.</summary>
    public static WavHeader? TryRead(Stream stream, out string? error)
    {
        error = null;
        Span<byte> riff = stackalloc byte[12];
        if (stream.ReadAtLeast(riff, 12, throwOnEndOfStream: false) < 12 || !riff[..4].SequenceEqual("RIFF"u8) || !riff[8..12].SequenceEqual("WAVE"u8))
        {
            error = "not a WAV file: it does not start with a RIFF/WAVE header";
            return null;
        }

        (int sampleRate, int channels, int bits) = (0, 0, 0);
        Span<byte> chunk = stackalloc byte[8];
        Span<byte> format = stackalloc byte[16];
        for (int chunks = 0; chunks < 64 && stream.ReadAtLeast(chunk, 8, throwOnEndOfStream: false) == 8; chunks++)
        {
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            if (chunk[..4].SequenceEqual("fmt "u8))
            {
                if (size < 16 || stream.ReadAtLeast(format, 16, throwOnEndOfStream: false) < 16)
                {
                    error = "the WAV 'fmt ' chunk is truncated";
                    return null;
                }

                ushort encoding = BinaryPrimitives.ReadUInt16LittleEndian(format);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(format[2..]);
                sampleRate = (int)BinaryPrimitives.ReadUInt32LittleEndian(format[4..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(format[14..]);
                if (encoding is not (1 or 3 or 0xFFFE))
                {
                    error = $"the WAV encoding {encoding} is not PCM or IEEE float";
                    return null;
                }

                Skip(stream, size - 16 + (size & 1));
            }
            else if (chunk[..4].SequenceEqual("data"u8))
            {
                if (channels is < 1 or > 32 || sampleRate is < 1000 or > 768_000 || bits is not (8 or 16 or 24 or 32 or 64))
                {
                    error = channels == 0 ? "the WAV data comes before its 'fmt ' chunk" : $"the WAV format is implausible: {channels} channels, {sampleRate} Hz, {bits} bits";
                    return null;
                }

                return new WavHeader(sampleRate, channels, bits, size);
            }
            else
            {
                Skip(stream, size + (size & 1));
            }
        }

        error = "the WAV file has no 'data' chunk";
        return null;
    }

    private static void Skip(Stream stream, long bytes)
    {
        byte[] buffer = new byte[4096];
        while (bytes > 0)
        {
            int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, bytes));
            if (read == 0)
            {
                return;
            }

            bytes -= read;
        }
    }
}
