using System.Text;

namespace AgentGateway.Cel.Tests.Conformance;

/// <summary>
/// Runs every cel-spec "simple" conformance file in <c>../shared/cel-spec/</c> and holds the engine to it.
/// </summary>
/// <remarks>
/// Cases are skipped only when they need protobuf message, wrapper or enum types, which the gateway never sees;
/// each skip is listed with its reason. Any failure not in <c>known-failures.txt</c> fails the test, and so does a
/// listed case that passes again, so the list can only shrink.
/// </remarks>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void SimpleTestFiles_AllCases_PassOrAreKnownFailures()
    {
        string specDir = ConformanceFiles.LocateSpecDirectory();
        string[] files = [.. Directory.GetFiles(specDir, "*.textproto").Order(StringComparer.Ordinal)];
        Assert.NotEmpty(files);

        var outcomes = new List<ConformanceOutcome>();
        var report = new StringBuilder();
        report.AppendLine($"CEL conformance ({specDir})");
        report.AppendLine($"{"file",-14} {"passed",7} {"failed",7} {"skipped",8} {"total",6}");
        int passed = 0, failed = 0, skipped = 0;
        foreach (string file in files)
        {
            var results = ConformanceFiles.Load(file).Select(ConformanceRunner.Run).ToList();
            outcomes.AddRange(results);
            int p = results.Count(r => r.Status == ConformanceStatus.Passed);
            int f = results.Count(r => r.Status == ConformanceStatus.Failed);
            int s = results.Count(r => r.Status == ConformanceStatus.Skipped);
            passed += p;
            failed += f;
            skipped += s;
            report.AppendLine($"{Path.GetFileNameWithoutExtension(file),-14} {p,7} {f,7} {s,8} {results.Count,6}");
        }

        report.AppendLine($"{"TOTAL",-14} {passed,7} {failed,7} {skipped,8} {outcomes.Count,6}");
        report.AppendLine();
        report.AppendLine("Skipped (needs protobuf message types):");
        foreach (var group in outcomes.Where(o => o.Status == ConformanceStatus.Skipped).GroupBy(o => o.Detail).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            report.AppendLine($"  {group.Key}: {string.Join(", ", group.Select(o => o.Case.Id))}");
        }

        report.AppendLine();
        report.AppendLine("Failed:");
        foreach (var failure in outcomes.Where(o => o.Status == ConformanceStatus.Failed))
        {
            report.AppendLine($"  {failure.Case.Id}: {failure.Detail}   [{failure.Case.Expr}]");
        }

        output.WriteLine(report.ToString());
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "conformance-report.txt"), report.ToString());

        var known = KnownFailures.Load();
        var failedIds = outcomes.Where(o => o.Status == ConformanceStatus.Failed).Select(o => o.Case.Id).ToHashSet(StringComparer.Ordinal);
        var allIds = outcomes.Where(o => o.Status != ConformanceStatus.Skipped).Select(o => o.Case.Id).ToHashSet(StringComparer.Ordinal);
        var newFailures = failedIds.Where(id => !known.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        var nowPassing = known.Keys.Where(id => !failedIds.Contains(id)).Order(StringComparer.Ordinal).ToList();

        var problems = new StringBuilder();
        if (newFailures.Count > 0)
        {
            problems.AppendLine($"{newFailures.Count} new conformance failure(s):");
            foreach (var id in newFailures)
            {
                problems.AppendLine($"  {id}: {outcomes.First(o => o.Case.Id == id).Detail}");
            }
        }

        if (nowPassing.Count > 0)
        {
            problems.AppendLine($"{nowPassing.Count} case(s) in known-failures.txt now pass or no longer exist; remove them:");
            foreach (var id in nowPassing)
            {
                problems.AppendLine($"  {id}{(allIds.Contains(id) ? string.Empty : " (not found or skipped)")}");
            }
        }

        Assert.True(problems.Length == 0, problems.ToString());
    }
}
