using System.Collections;
using System.Runtime.InteropServices;

namespace ActionLogement.Domain;

/// <summary>
/// A claim's months in calendar order, one per month: an immutable list, read by month. Every version stays valid,
/// and the versions that only add months after the last one share one array: the new months are written into its free
/// tail, past the end that every older version sees, so an append copies and allocates nothing.
/// </summary>
/// <remarks>
/// A contract's claim gains a month with nearly every declaration, for up to three years. In a sorted tree each new
/// month was an object, with a new path of nodes, which the garbage collector then copied from generation to
/// generation in every activation it held; here the months are plain values in an array the collector moves once.
/// Any other change (a month corrected, or added before the last) copies the array into a new one.
/// </remarks>
public readonly struct ClaimMonths : IReadOnlyList<ClaimMonth>, IEquatable<ClaimMonths>
{
    private readonly Items? _items;
    private readonly int _count;

    private ClaimMonths(Items items, int count) => (_items, _count) = (items, count);

    public static ClaimMonths Empty => default;

    public int Count => _count;

    /// <summary>The months in calendar order, by their place.</summary>
    public ClaimMonth this[int index] =>
        (uint)index < (uint)_count ? _items!.Array[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public ClaimMonth this[YearMonth month] =>
        TryGetValue(month, out var m) ? m : throw new KeyNotFoundException($"No claim month {month}.");

    public bool ContainsKey(YearMonth month) => IndexOf(month) >= 0;

    public bool TryGetValue(YearMonth month, out ClaimMonth value)
    {
        var i = IndexOf(month);
        value = i >= 0 ? _items!.Array[i] : default;
        return i >= 0;
    }

    /// <summary>This list with <paramref name="value"/> for its month, added or replacing the one it had.</summary>
    public ClaimMonths SetItem(ClaimMonth value)
    {
        var builder = ToBuilder();
        builder.Set(value);
        return builder.ToImmutable();
    }

    public Builder ToBuilder() => new(this);

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<ClaimMonth> IEnumerable<ClaimMonth>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Same months, same figures.</summary>
    public bool Equals(ClaimMonths other) => _count == other._count && AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj is ClaimMonths other && Equals(other);

    public override int GetHashCode() => _count;

    public static bool operator ==(ClaimMonths left, ClaimMonths right) => left.Equals(right);

    public static bool operator !=(ClaimMonths left, ClaimMonths right) => !left.Equals(right);

    private ReadOnlySpan<ClaimMonth> AsSpan() => _items is null ? [] : _items.Array.AsSpan(0, _count);

    private int IndexOf(YearMonth month)
    {
        var span = AsSpan();
        var (low, high) = (0, span.Length - 1);
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var order = span[mid].Month.CompareTo(month);
            if (order == 0)
            {
                return mid;
            }

            (low, high) = order < 0 ? (mid + 1, high) : (low, mid - 1);
        }

        return -1;
    }

    /// <summary>This list followed by <paramref name="added"/>, all later than its last month, in order.</summary>
    private ClaimMonths Append(ReadOnlySpan<ClaimMonth> added)
    {
        var count = _count + added.Length;
        // The tail past this version's end is free only while no other version has claimed it; the first to claim it
        // owns it, any other copies.
        if (_items is { } items && count <= items.Array.Length
            && Interlocked.CompareExchange(ref items.Used, count, _count) == _count)
        {
            added.CopyTo(items.Array.AsSpan(_count));
            return new ClaimMonths(items, count);
        }

        var array = new ClaimMonth[Math.Max(4, count * 2)];
        AsSpan().CopyTo(array);
        added.CopyTo(array.AsSpan(_count));
        return new ClaimMonths(new Items(array, count), count);
    }

    private sealed class Items(ClaimMonth[] array, int used)
    {
        public readonly ClaimMonth[] Array = array;

        /// <summary>How many of the array's months some version sees: those past it are free to append to.</summary>
        public int Used = used;
    }

    public struct Enumerator(ClaimMonths months) : IEnumerator<ClaimMonth>
    {
        private int _index = -1;

        public readonly ClaimMonth Current => months[_index];

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => ++_index < months.Count;

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }

    /// <summary>
    /// The months of one declaration being applied: the list it started from, and what it set since, read together
    /// in calendar order. Building the result appends in place when it only added months after the last.
    /// </summary>
    public sealed class Builder : IEnumerable<ClaimMonth>
    {
        private readonly ClaimMonths _from;

        // Sorted by month; a declaration sets a handful.
        private readonly List<ClaimMonth> _set = [];

        internal Builder(ClaimMonths from) => _from = from;

        public ClaimMonth this[YearMonth month] =>
            TryGetValue(month, out var m) ? m : throw new KeyNotFoundException($"No claim month {month}.");

        public bool TryGetValue(YearMonth month, out ClaimMonth value)
        {
            var i = SetIndexOf(month);
            if (i >= 0)
            {
                value = _set[i];
                return true;
            }

            return _from.TryGetValue(month, out value);
        }

        /// <summary>Sets <paramref name="value"/> for its month, added or replacing the one there.</summary>
        public void Set(ClaimMonth value)
        {
            var i = SetIndexOf(value.Month);
            if (i >= 0)
            {
                _set[i] = value;
            }
            else
            {
                _set.Insert(~i, value);
            }
        }

        public ClaimMonths ToImmutable()
        {
            if (_set.Count == 0)
            {
                return _from;
            }

            if (_from.Count == 0 || _from[_from.Count - 1].Month.CompareTo(_set[0].Month) < 0)
            {
                return _from.Append(CollectionsMarshal.AsSpan(_set));
            }

            var merged = new List<ClaimMonth>(_from.Count + _set.Count);
            merged.AddRange(this);
            return ClaimMonths.Empty.Append(CollectionsMarshal.AsSpan(merged));
        }

        public IEnumerator<ClaimMonth> GetEnumerator()
        {
            var (i, j) = (0, 0);
            while (i < _from.Count || j < _set.Count)
            {
                var order = i == _from.Count ? 1 : j == _set.Count ? -1 : _from[i].Month.CompareTo(_set[j].Month);
                if (order < 0)
                {
                    yield return _from[i++];
                }
                else
                {
                    yield return _set[j++];
                    i += order == 0 ? 1 : 0;
                }
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        // The place of the month among those set, or the complement of where it would go.
        private int SetIndexOf(YearMonth month)
        {
            for (var i = 0; i < _set.Count; i++)
            {
                var order = _set[i].Month.CompareTo(month);
                if (order >= 0)
                {
                    return order == 0 ? i : ~i;
                }
            }

            return ~_set.Count;
        }
    }
}
