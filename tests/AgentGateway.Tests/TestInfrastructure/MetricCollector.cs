using System.Diagnostics.Metrics;
using AgentGateway.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGateway.Tests.TestInfrastructure;

/// <summary>One measurement: instrument name, value and tags.</summary>
public sealed record RecordedMeasurement(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags, bool Observed);

/// <summary>
/// A <see cref="GatewayMetrics"/> on its own meter factory, with a <see cref="MeterListener"/> that records every
/// measurement of that factory's meters only (tests run in parallel, each with its own).
/// </summary>
internal sealed class MetricCollector : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private readonly List<RecordedMeasurement> _measurements = [];

    public MetricCollector()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
        Metrics = new GatewayMetrics(factory);
    }

    public GatewayMetrics Metrics { get; }

    /// <summary>
    /// The measurements of <paramref name="instrument"/> so far; for an observable instrument, those of an observation
    /// made now.
    /// </summary>
    public IReadOnlyList<RecordedMeasurement> Of(string instrument)
    {
        lock (_measurements)
        {
            _measurements.RemoveAll(m => m.Observed);
        }

        _listener.RecordObservableInstruments();
        lock (_measurements)
        {
            return [.. _measurements.Where(m => m.Instrument == instrument)];
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private void Add<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        var dictionary = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, tag) in tags)
        {
            dictionary[key] = tag?.ToString();
        }

        var measurement = new RecordedMeasurement(instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), dictionary, instrument.IsObservable);
        lock (_measurements)
        {
            _measurements.Add(measurement);
        }
    }
}
