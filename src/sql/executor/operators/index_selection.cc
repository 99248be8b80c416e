#include "sql/executor/operators/index_selection.h"

namespace basalt::sql {
namespace {

// Once the probes so far leave this few documents, the remaining conditions are checked on
// the documents instead (with the whole predicate).
constexpr uint64_t kFewCandidates = 32;
// Reading a range of more distinct values than this costs more than filtering the documents
// the other probes select.
constexpr double kMaxOptionalRangeValues = 1000;

Result<storage::PostingSet> Probe(storage::CollectionReader& reader, const IndexProbe& probe) {
  switch (probe.kind) {
    case IndexProbe::Kind::kEqual:
      return reader.LookupEqual(probe.path, probe.values[0]);
    case IndexProbe::Kind::kIn: {
      storage::PostingSet all;
      for (const Value& v : probe.values) {
        BASALT_ASSIGN_OR_RETURN(auto postings, reader.LookupEqual(probe.path, v));
        all.UnionWith(postings);
      }
      return all;
    }
    case IndexProbe::Kind::kRange:
      return reader.LookupRange(probe.path, probe.range);
    case IndexProbe::Kind::kPrefix:
      return reader.LookupPrefix(probe.path, probe.prefix);
    case IndexProbe::Kind::kAnyOf: {
      storage::PostingSet all;
      for (const IndexProbe& branch : probe.any_of) {
        BASALT_ASSIGN_OR_RETURN(auto postings, Probe(reader, branch));
        all.UnionWith(postings);
      }
      return all;
    }
  }
  return Internal("unknown index probe");
}

}  // namespace

Result<IndexSelection> SelectByIndex(storage::CollectionReader& reader, const PlanNode& scan) {
  bool first = true;
  storage::PostingSet selected;
  size_t exact = 0, exact_applied = 0;
  for (const IndexProbe& probe : scan.probes) {
    exact += probe.exact;
  }
  for (const IndexProbe& probe : scan.probes) {
    if (!first && selected.Cardinality() <= kFewCandidates) {
      break;
    }
    if (probe.optional) {
      BASALT_ASSIGN_OR_RETURN(storage::PathStats stats, reader.GetPathStats(probe.path));
      if (stats.distinct_estimate > kMaxOptionalRangeValues) {
        continue;
      }
    }
    BASALT_ASSIGN_OR_RETURN(storage::PostingSet postings, Probe(reader, probe));
    if (first) {
      selected = std::move(postings);
      first = false;
    } else {
      selected.IntersectWith(postings);
    }
    exact_applied += probe.exact;
    if (selected.Empty()) {
      break;
    }
  }
  IndexSelection selection;
  selection.seqs = selected.ToVector();
  if (exact > 0 && exact_applied == exact) {
    selection.exact_applied = true;
    selection.residual = ExactProbeResidual(scan);
  }
  return selection;
}

}  // namespace basalt::sql
