using Callytics.Paths.Linting.Compose;

namespace Callytics.Paths.Fuzz;

/// <summary>Compose short volume syntax (<c>SOURCE:TARGET[:MODE]</c>): never throws; a volume or an error, never both or neither.</summary>
internal static class ComposeVolumeTarget
{
    internal static void Run(string input)
    {
        VolumeSpec? volume = VolumeSpec.ParseShort(input, out string? error);
        ContractViolationException.Check(volume is null ? !string.IsNullOrEmpty(error) : error is null, "a volume or an error");
        if (volume is not null)
        {
            ContractViolationException.Check(volume.Target.Length > 0, "a volume has a target");
            _ = volume.WindowsSource;
        }
    }
}
