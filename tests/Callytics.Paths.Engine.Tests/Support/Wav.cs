using System.Buffers.Binary;

namespace Callytics.Paths.Engine.Tests.Support;

/// <summary>Call recordings for POST /calls.</summary>
public static class Wav
{
    /// <summary>A PCM WAV of <paramref name="seconds"/> of silence (16 kHz, mono, 16-bit), different per <paramref name="seed"/>.</summary>
    public static byte[] Silence(double seconds = 0.25, int seed = 0)
    {
        int samples = (int)(16000 * seconds);
        byte[] wav = new byte[44 + (samples * 2)];
        "RIFF"u8.CopyTo(wav);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(4), wav.Length - 8);
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(24), 16000);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(28), 32000);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(32), 2);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(34), 16);
        "data"u8.CopyTo(wav.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(40), samples * 2);
        if (samples > 0)
        {
            BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(44), (short)seed);
        }

        return wav;
    }
}
