// GROUP BY pushed into a column scan (aggregation pushdown): when every group key and every
// aggregate argument is a field of the scanned collection, the aggregate reads the column
// chunks of those fields directly, without building rows, in morsels of a few chunks spread
// over the query's threads. Each morsel aggregates into its own table; the tables are merged
// in morsel order, so groups come out in first-seen order as in the row-at-a-time operator,
// and the result does not depend on the number of threads.
//
// The planner marks such aggregates (PlanNode::column_aggregate, sql/planner/pushdown.cc);
// at run time the operator falls back to the row-at-a-time operator when the statistics show
// a path holding objects (the column store keeps only their leaves). A filter on the scan
// runs on the columns too (operators/column_filter.h), before the keys are coded.
#include <algorithm>
#include <atomic>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/parallel.h"
#include "sql/executor/dense_codes.h"
#include "sql/executor/operators.h"
#include "sql/executor/operators/column_aggregate_kernels.h"
#include "sql/executor/operators/column_filter.h"
#include "sql/executor/operators/column_reads.h"
#include "sql/executor/operators/index_selection.h"
#include "storage/field_path.h"

namespace basalt::sql {
namespace {

// Chunks per morsel: 16,384 documents.
constexpr size_t kMorselChunks = 4;
// Up to two group keys whose codes are below this: groups found in a direct table.
constexpr uint32_t kDirectCodes = 256;
constexpr uint32_t kNoGroup = UINT32_MAX;
// Memory charged per group (keys, states, hash entry), as the row-at-a-time operator does.
constexpr int64_t kGroupBytes = 256;

// Maps the values of one group-key column to dense codes; code 0 is null or undefined
// (they group together and show as null). Strings are looked up by their bytes, without
// building a Value; other values by Value equality (so 1 and 1.0 share a code, as in
// ValuesEqual).
class KeyDictionary {
 public:
  uint32_t CodeOfString(std::string_view bytes, ValueType type) {
    bool bytes_type = type == ValueType::kBytes;
    bool added = false;
    uint32_t local = (bytes_type ? bytes_ : strings_).FindOrAdd(bytes, &added);
    std::vector<uint32_t>& codes = bytes_type ? bytes_codes_ : string_codes_;
    if (added) {
      codes.push_back(NewCode(bytes_type ? Value::Bytes(bytes) : Value::String(bytes)));
    }
    return codes[local];
  }
  uint32_t CodeOf(const Value& value) {
    if (value.is_nullish()) {
      return 0;
    }
    if (value.type() == ValueType::kString || value.type() == ValueType::kBytes) {
      return CodeOfString(value.string_value(), value.type());
    }
    auto found = other_codes_.find({value});
    if (found != other_codes_.end()) {
      return found->second;
    }
    uint32_t code = NewCode(value);
    other_codes_.emplace(std::vector<Value>{value}, code);
    return code;
  }
  const Value& ValueOf(uint32_t code) const { return values_[code]; }

 private:
  uint32_t NewCode(Value value) {
    values_.push_back(std::move(value));
    return uint32_t(values_.size() - 1);
  }
  DenseStringCodes strings_;
  DenseStringCodes bytes_;
  std::vector<uint32_t> string_codes_;  // strings_ code -> code
  std::vector<uint32_t> bytes_codes_;
  std::unordered_map<std::vector<Value>, uint32_t, ValuesHash, ValuesEqual> other_codes_;
  std::vector<Value> values_{Value::Null()};
};

// The groups one morsel found, in first-seen order.
struct PartialTable {
  std::vector<std::vector<Value>> keys;
  std::vector<std::vector<std::unique_ptr<AggregateState>>> states;
};

class ColumnAggregateOperator : public Operator {
 public:
  ColumnAggregateOperator(const PlanNode& node, OperatorPtr fallback)
      : node_(node), scan_(*node.children[0]), fallback_(std::move(fallback)) {}

  Status Open(ExecContext& ctx) override {
    BASALT_ASSIGN_OR_RETURN(storage::CollectionReader * reader, ctx.Reader(scan_.collection_id));
    // Paths and their column numbers: keys first, then aggregate arguments.
    for (const auto& key : node_.group_keys) {
      key_columns_.push_back(ColumnOf(storage::JoinPath(key->path)));
    }
    for (const AggregateCall& call : node_.aggregates) {
      std::vector<int> args;
      for (const auto& arg : call.args) {
        args.push_back(ColumnOf(storage::JoinPath(arg->path)));
      }
      arg_columns_.push_back(std::move(args));
    }
    // The documents: every one, or those the scan's index probes select (then the filter is
    // what the probes leave of the predicate).
    std::vector<uint64_t> seqs;
    const BoundExpr* predicate = scan_.predicate.get();
    if (scan_.use_index) {
      BASALT_ASSIGN_OR_RETURN(IndexSelection selection, SelectByIndex(*reader, scan_));
      seqs = std::move(selection.seqs);
      if (selection.exact_applied) {
        residual_ = std::move(selection.residual);
        predicate = residual_.get();
      }
      if (!DenseEnough(seqs)) {
        use_fallback_ = true;  // few documents per chunk: fetching them costs less
        return fallback_->Open(ctx);
      }
    } else {
      BASALT_ASSIGN_OR_RETURN(storage::PostingSet all, reader->AllDocuments());
      seqs = all.ToVector();
    }
    filter_ = ColumnFilter::Make(predicate);
    if (filter_) {
      for (const auto& field : filter_->fields()) {
        filter_columns_.push_back(ColumnOf(storage::JoinPath(field)));
      }
    }
    bool columns_serve = filter_.has_value();
    for (const std::string& path : paths_) {
      BASALT_ASSIGN_OR_RETURN(storage::PathStats stats, reader->GetPathStats(path));
      columns_serve = columns_serve && stats.count_by_type[int(ValueType::kObject)] == 0;
    }
    if (!columns_serve) {
      use_fallback_ = true;
      return fallback_->Open(ctx);
    }
    // Morsels: runs of kMorselChunks chunks, as ranges of `seqs`.
    std::vector<std::pair<size_t, size_t>> morsels;
    for (size_t begin = 0; begin < seqs.size();) {
      uint64_t end_chunk = seqs[begin] / storage::kChunkSize + kMorselChunks;
      size_t end = begin;
      while (end < seqs.size() && seqs[end] / storage::kChunkSize < end_chunk) {
        ++end;
      }
      morsels.emplace_back(begin, end);
      begin = end;
    }
    std::vector<PartialTable> partials(morsels.size());
    std::atomic<int64_t> charged{0};  // the morsels' groups, against the query's budget
    std::vector<std::unique_ptr<storage::CollectionReader>> readers(size_t(ctx.threads()));
    const ExecContext& shared = ctx;
    // Each morsel's outcome: the error of the first failing morsel is the query's, whatever
    // the threads' timing (morsels are handed out in order, so every earlier one has run).
    std::vector<Status> outcomes(morsels.size(), Status::Ok());
    Status run = ParallelFor(ctx.threads(), morsels.size(), [&](int worker, size_t m) {
      outcomes[m] = [&]() -> Status {
        BASALT_RETURN_IF_ERROR(shared.CheckInterrupt());
        auto& own = readers[size_t(worker)];
        if (!own) {
          BASALT_ASSIGN_OR_RETURN(own, reader->Fork());
        }
        ExecContext evaluation(shared.functions());  // row-by-row filter conjuncts
        return AggregateMorsel(*own, evaluation, seqs.data() + morsels[m].first,
                               morsels[m].second - morsels[m].first, shared.memory_limit(),
                               &charged, &partials[m]);
      }();
      return outcomes[m];
    });
    for (const Status& outcome : outcomes) {
      BASALT_RETURN_IF_ERROR(outcome);
    }
    BASALT_RETURN_IF_ERROR(run);
    return Merge(ctx, partials);
  }

  Result<bool> Next(ExecContext& ctx, std::vector<Row>* out) override {
    if (use_fallback_) {
      return fallback_->Next(ctx, out);
    }
    out->clear();
    while (next_ < rows_.size() && out->size() < kBatchSize) {
      out->push_back(std::move(rows_[next_++]));
    }
    return !out->empty();
  }

 private:
  // Whether `seqs` (ascending) has enough documents per column chunk that reading the
  // chunks beats fetching the documents (as the scan operator decides).
  static bool DenseEnough(const std::vector<uint64_t>& seqs) {
    constexpr size_t kDocumentsPerChunk = 64;
    size_t chunks = seqs.empty() ? 0 : 1;
    for (size_t idx = 1; idx < seqs.size(); ++idx) {
      chunks += seqs[idx] / storage::kChunkSize != seqs[idx - 1] / storage::kChunkSize;
    }
    return seqs.size() >= kDocumentsPerChunk * chunks;
  }

  int ColumnOf(const std::string& path) {
    auto found = std::find(paths_.begin(), paths_.end(), path);
    if (found != paths_.end()) {
      return int(found - paths_.begin());
    }
    paths_.push_back(path);
    return int(paths_.size() - 1);
  }

  // Aggregates the documents `seqs[0, count)` (ascending, a few chunks) into `table`.
  Status AggregateMorsel(storage::CollectionReader& reader, ExecContext& evaluation,
                         const uint64_t* seqs, size_t count,
                         int64_t memory_limit, std::atomic<int64_t>* charged,
                         PartialTable* table) const {
    std::vector<ChunkColumn> columns(paths_.size());
    for (size_t c = 0; c < paths_.size(); ++c) {
      columns[c].path = paths_[c];
    }
    std::vector<KeyDictionary> dictionaries(key_columns_.size());
    // Group numbers by the key columns' codes: packed in 64 bits for up to two keys.
    DenseIntCodes small_groups;
    std::vector<uint32_t> hashed_groups;  // small_groups code -> group
    std::vector<uint32_t> direct_groups;
    if (key_columns_.size() <= 2) {
      direct_groups.assign(kDirectCodes * kDirectCodes, kNoGroup);
    }
    DenseStringCodes large_groups;
    std::vector<uint32_t> codes(key_columns_.size());
    std::vector<std::vector<uint32_t>> row_codes(key_columns_.size());  // per key, per row
    std::vector<uint32_t> entry_codes;
    std::vector<uint32_t> group_of_row;
    std::vector<uint32_t> selected;
    std::vector<ChunkKernel> kernels;
    for (const AggregateCall& call : node_.aggregates) {
      kernels.emplace_back(ChunkKernel::KindOf(call));
    }
    std::string packed;
    std::vector<Value> args;
    for (size_t begin = 0; begin < count;) {
      uint64_t chunk_no = seqs[begin] / storage::kChunkSize;
      size_t end = begin;
      while (end < count && seqs[end] / storage::kChunkSize == chunk_no) {
        ++end;
      }
      for (ChunkColumn& column : columns) {
        BASALT_RETURN_IF_ERROR(
            ReadChunkColumn(reader, chunk_no, seqs + begin, end - begin, &column));
      }
      size_t rows = end - begin;
      if (!filter_->fields().empty()) {
        BASALT_RETURN_IF_ERROR(
            filter_->Select(columns, filter_columns_, rows, evaluation, &selected));
        if (selected.size() < rows) {
          // Keep the passing rows only.
          for (ChunkColumn& column : columns) {
            for (size_t idx = 0; idx < selected.size(); ++idx) {
              column.positions[idx] = column.positions[selected[idx]];
            }
            column.positions.resize(selected.size());
          }
          rows = selected.size();
        }
      }
      for (size_t k = 0; k < key_columns_.size(); ++k) {
        CodeKeys(columns[size_t(key_columns_[k])], &dictionaries[k], &entry_codes,
                 &row_codes[k]);
      }
      // Each row's group.
      group_of_row.resize(rows);
      for (size_t row = 0; row < rows; ++row) {
        for (size_t k = 0; k < codes.size(); ++k) {
          codes[k] = row_codes[k][row];
        }
        bool inserted = false;
        if (codes.size() <= 2) {
          uint32_t c0 = codes.empty() ? 0 : codes[0];
          uint32_t c1 = codes.size() < 2 ? 0 : codes[1];
          if (c0 < kDirectCodes && c1 < kDirectCodes) {
            // Few distinct keys: a direct table instead of hashing.
            uint32_t& slot = direct_groups[c0 * kDirectCodes + c1];
            inserted = slot == kNoGroup;
            if (inserted) {
              slot = uint32_t(table->keys.size());
            }
            group_of_row[row] = slot;
          } else {
            uint64_t key = c0 | uint64_t(c1) << 32;
            group_of_row[row] = small_groups.FindOrAdd(key, &inserted);
            if (inserted) {
              // DenseIntCodes numbers its keys 0, 1, ...: map to the table's numbering.
              hashed_groups.push_back(uint32_t(table->keys.size()));
            }
            group_of_row[row] = hashed_groups[group_of_row[row]];
          }
        } else {
          packed.assign(reinterpret_cast<const char*>(codes.data()), codes.size() * 4);
          group_of_row[row] = large_groups.FindOrAdd(packed, &inserted);
        }
        if (inserted) {
          if (charged->fetch_add(kGroupBytes, std::memory_order_relaxed) > memory_limit) {
            return MemoryLimitExceeded(memory_limit);
          }
          std::vector<Value> keys;
          for (size_t k = 0; k < codes.size(); ++k) {
            keys.push_back(dictionaries[k].ValueOf(codes[k]));
          }
          table->keys.push_back(std::move(keys));
          std::vector<std::unique_ptr<AggregateState>> states;
          for (const AggregateCall& call : node_.aggregates) {
            states.push_back(call.def->create());
          }
          table->states.push_back(std::move(states));
        }
      }
      // Each aggregate over the chunk: a typed loop where the column's layout allows,
      // else row by row.
      for (size_t a = 0; a < node_.aggregates.size(); ++a) {
        const ChunkColumn* first_arg =
            arg_columns_[a].empty() ? nullptr : &columns[size_t(arg_columns_[a][0])];
        if (first_arg == nullptr || arg_columns_[a].size() == 1) {
          const storage::ColumnChunk* chunk =
              first_arg != nullptr && first_arg->chunk ? &*first_arg->chunk : nullptr;
          const int32_t* positions = first_arg != nullptr ? first_arg->positions.data() : nullptr;
          if (kernels[a].Accumulate(chunk, positions, group_of_row.data(), rows,
                                   table->keys.size())) {
            BASALT_RETURN_IF_ERROR(kernels[a].Flush(table->states, a));
            continue;
          }
        }
        for (size_t row = 0; row < rows; ++row) {
          args.clear();
          for (int c : arg_columns_[a]) {
            int32_t pos = columns[size_t(c)].positions[row];
            args.push_back(pos < 0 ? Value() : columns[size_t(c)].chunk->ValueAt(size_t(pos)));
          }
          if (node_.aggregates[a].def->skip_nulls && !args.empty() && args[0].is_nullish()) {
            continue;
          }
          BASALT_RETURN_IF_ERROR(table->states[group_of_row[row]][a]->Update(args));
        }
      }
      begin = end;
    }
    return Status::Ok();
  }

  // The code of each row's value of a key column (0: none or null), into `out`. A
  // dictionary-coded strings chunk is looked up once per distinct string.
  static void CodeKeys(const ChunkColumn& column, KeyDictionary* dictionary,
                       std::vector<uint32_t>* entry_codes, std::vector<uint32_t>* out) {
    const std::vector<int32_t>& positions = column.positions;
    out->assign(positions.size(), 0);
    if (!column.chunk) {
      return;
    }
    const storage::ColumnChunk& chunk = *column.chunk;
    if (chunk.layout == storage::ColumnChunk::Layout::kStrings && chunk.dictionary_coded()) {
      entry_codes->resize(chunk.string_ends.size());
      for (size_t entry = 0; entry < entry_codes->size(); ++entry) {
        (*entry_codes)[entry] = dictionary->CodeOfString(chunk.StringEntry(entry), chunk.type);
      }
      for (size_t row = 0; row < positions.size(); ++row) {
        if (positions[row] >= 0) {
          (*out)[row] = (*entry_codes)[chunk.dictionary_ids[size_t(positions[row])]];
        }
      }
    } else if (chunk.layout == storage::ColumnChunk::Layout::kStrings) {
      for (size_t row = 0; row < positions.size(); ++row) {
        if (positions[row] >= 0) {
          (*out)[row] = dictionary->CodeOfString(chunk.StringAt(size_t(positions[row])), chunk.type);
        }
      }
    } else {
      for (size_t row = 0; row < positions.size(); ++row) {
        if (positions[row] >= 0) {
          (*out)[row] = dictionary->CodeOf(chunk.ValueAt(size_t(positions[row])));
        }
      }
    }
  }

  // Merges the morsels' tables in morsel order into the output rows.
  Status Merge(ExecContext& ctx, std::vector<PartialTable>& partials) {
    std::unordered_map<std::vector<Value>, size_t, ValuesHash, ValuesEqual> index;
    std::vector<PartialTable> merged(1);
    PartialTable& all = merged[0];
    for (PartialTable& partial : partials) {
      for (size_t g = 0; g < partial.keys.size(); ++g) {
        auto found = index.find(partial.keys[g]);
        if (found == index.end()) {
          BASALT_RETURN_IF_ERROR(ctx.Charge(kGroupBytes));
          index.emplace(partial.keys[g], all.keys.size());
          all.keys.push_back(std::move(partial.keys[g]));
          all.states.push_back(std::move(partial.states[g]));
          continue;
        }
        for (size_t a = 0; a < node_.aggregates.size(); ++a) {
          BASALT_ASSIGN_OR_RETURN(Value saved, partial.states[g][a]->SaveState());
          BASALT_RETURN_IF_ERROR(all.states[found->second][a]->MergeState(saved));
        }
      }
      partial = PartialTable();
    }
    // A global aggregate (no GROUP BY) has one group even over no documents.
    if (all.keys.empty() && node_.group_keys.empty()) {
      all.keys.emplace_back();
      std::vector<std::unique_ptr<AggregateState>> states;
      for (const AggregateCall& call : node_.aggregates) {
        states.push_back(call.def->create());
      }
      all.states.push_back(std::move(states));
    }
    for (size_t g = 0; g < all.keys.size(); ++g) {
      Row out = std::move(all.keys[g]);
      for (auto& state : all.states[g]) {
        BASALT_ASSIGN_OR_RETURN(Value v, state->Finalize());
        out.push_back(std::move(v));
      }
      rows_.push_back(std::move(out));
    }
    return Status::Ok();
  }

  const PlanNode& node_;
  const PlanNode& scan_;
  OperatorPtr fallback_;  // the row-at-a-time aggregate over the scan
  bool use_fallback_ = false;
  std::vector<std::string> paths_;
  BoundExprPtr residual_;  // what exact index probes leave of the scan's predicate
  std::optional<ColumnFilter> filter_;  // the scan's predicate; none: cannot run on columns
  std::vector<int> filter_columns_;     // column of each of filter_->fields()
  std::vector<int> key_columns_;
  std::vector<std::vector<int>> arg_columns_;
  std::vector<Row> rows_;
  size_t next_ = 0;
};

}  // namespace

OperatorPtr MakeColumnAggregateOperator(const PlanNode& node, OperatorPtr fallback) {
  return std::make_unique<ColumnAggregateOperator>(node, std::move(fallback));
}

}  // namespace basalt::sql
