using ActionLogement.Api.Infrastructure;
using Microsoft.Extensions.Caching.Memory;

namespace ActionLogement.Api.Apis.Contracts;

/// <summary>
/// A contract's landlord and agent, kept in memory once read. They are fixed at activation and never change, so a
/// command's access check (a landlord declaring unpaid rent every month, say) does not cost a grain call each time.
/// Only existing contracts are kept; the cache is bounded and entries expire when unused.
/// </summary>
public sealed class ContractPartiesCache(IClusterClient cluster) : IDisposable
{
    private static readonly TimeSpan UnusedFor = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 200_000 });

    public async Task<ContractParties?> GetAsync(string contractNumber)
    {
        if (_cache.TryGetValue(contractNumber, out ContractParties? known))
        {
            return known;
        }

        var parties = await cluster.GetGrain<IContractGrain>(contractNumber).GetParties();
        if (parties is not null)
        {
            _cache.Set(contractNumber, parties, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = UnusedFor });
        }

        return parties;
    }

    /// <summary>
    /// Whether <paramref name="caller"/> may know of this contract at all (staff, its landlord, its partner): anyone else
    /// is told neither its content nor its number.
    /// </summary>
    public async Task<bool> MaySeeAsync(Caller caller, string contractNumber) =>
        caller.IsStaff || (await GetAsync(contractNumber) is { } parties && caller.ActsFor(parties.LandlordId, parties.AgentId));

    public void Dispose() => _cache.Dispose();
}
