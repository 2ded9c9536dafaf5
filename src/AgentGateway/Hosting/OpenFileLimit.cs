using System.Globalization;
using System.Runtime.InteropServices;

namespace AgentGateway.Hosting;

/// <summary>
/// Raises the process's soft limit on open file descriptors to its hard limit (Linux), as the JIT runtime does at start
/// and the native runtime of the .NET 10 SDK used here (10.0.401) does not (dotnet/runtime#82719).
/// </summary>
/// <remarks>
/// Every client connection is a descriptor, and every stdio session three more (the child's stdin, stdout and stderr).
/// The soft limit is 1024 by default on most distributions and under systemd, which a gateway reaches at about 250 stdio
/// sessions; the hard limit (often 524288) is what an administrator allows. Raising the soft limit up to the hard one
/// needs no privilege.
/// </remarks>
internal static class OpenFileLimit
{
    private const int RlimitNofile = 7; // Linux, every architecture .NET runs on
    private const string NrOpenPath = "/proc/sys/fs/nr_open";

    /// <summary>
    /// Raises the soft limit to the hard limit, or to the kernel's <c>nr_open</c> when the hard limit is unlimited. Does
    /// nothing where that does not apply (not Linux, a 32-bit process) or cannot be done.
    /// </summary>
    public static void Raise()
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess || GetRLimit(RlimitNofile, out var limit) != 0 || limit.Current >= limit.Maximum)
        {
            return;
        }

        if (SetRLimit(RlimitNofile, limit with { Current = limit.Maximum }) != 0 && NrOpen() is { } nrOpen && nrOpen > limit.Current && nrOpen < limit.Maximum)
        {
            // An unlimited hard limit is more than the kernel lets one process open. If this fails too, the limit stays.
            _ = SetRLimit(RlimitNofile, limit with { Current = nrOpen });
        }
    }

    private static ulong? NrOpen()
    {
        try
        {
            return ulong.TryParse(File.ReadAllText(NrOpenPath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    // DllImport rather than LibraryImport, whose generated code needs unsafe code allowed in the whole project: both
    // signatures are blittable, so there is nothing to marshal (the native build calls libc directly).
    [DllImport("libc", EntryPoint = "getrlimit")]
    private static extern int GetRLimit(int resource, out RLimit limit);

    [DllImport("libc", EntryPoint = "setrlimit")]
    private static extern int SetRLimit(int resource, in RLimit limit);

    /// <summary><c>struct rlimit</c> on 64-bit Linux (<c>rlim_t</c> is an unsigned long).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private record struct RLimit(ulong Current, ulong Maximum);
}
