using System.Globalization;
using System.Text;

namespace McpLoad;

/// <summary>Reads CPU time, memory and the process tree from Linux /proc.</summary>
internal static class ProcFs
{
    /// <summary>utime+stime (clock ticks) and ppid of a process (all its threads), or false if it is gone.</summary>
    public static bool TryReadStat(int pid, out long cpuTicks, out int ppid)
    {
        cpuTicks = 0;
        ppid = 0;
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }

        // The command name is in parentheses and may contain spaces: parse after the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return false;
        }

        var fields = text[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state); field n is fields[n - 3]: ppid = 4, utime = 14, stime = 15.
        ppid = int.Parse(fields[1], CultureInfo.InvariantCulture);
        cpuTicks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>Every process whose parent chain leads to <paramref name="root"/> (root excluded).</summary>
    public static List<int> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (TryReadStat(pid, out _, out var ppid))
            {
                if (!children.TryGetValue(ppid, out var list))
                {
                    children[ppid] = list = [];
                }

                list.Add(pid);
            }
        }

        var result = new List<int>();
        var queue = new Queue<int>();
        queue.Enqueue(root);
        while (queue.Count > 0)
        {
            if (children.TryGetValue(queue.Dequeue(), out var list))
            {
                foreach (var c in list)
                {
                    result.Add(c);
                    queue.Enqueue(c);
                }
            }
        }

        return result;
    }

    /// <summary>A field of /proc/pid/status in kB (VmRSS, VmHWM), or null.</summary>
    public static long? ReadStatusKb(int pid, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal) && line.Length > key.Length && line[key.Length] == ':')
                {
                    var value = line[(key.Length + 1)..].Trim();
                    var space = value.IndexOf(' ');
                    return long.Parse(space < 0 ? value : value[..space], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    /// <summary>The command line of a process, arguments separated by spaces, shortened.</summary>
    public static string ReadCmdline(int pid, int max = 300)
    {
        try
        {
            var raw = File.ReadAllBytes($"/proc/{pid}/cmdline");
            var text = Encoding.UTF8.GetString(raw).TrimEnd('\0').Replace('\0', ' ');
            return text.Length > max ? text[..max] + "…" : text;
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Busy and total jiffies of the whole machine (first line of /proc/stat).</summary>
    public static (long Busy, long Total) ReadMachineCpu()
    {
        var line = File.ReadLines("/proc/stat").First();
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long total = 0;
        long idle = 0;
        // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest time is already in user).
        for (var i = 1; i < parts.Length && i <= 8; i++)
        {
            var v = long.Parse(parts[i], CultureInfo.InvariantCulture);
            total += v;
            if (i is 4 or 5)
            {
                idle += v;
            }
        }

        return (total - idle, total);
    }

    /// <summary>The 1-minute load average.</summary>
    public static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }
}
