#include "storage/rocks/merge_operators.h"

#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/column/column_chunk.h"
#include "storage/inverted/posting_delta.h"
#include "storage/keys.h"
#include "storage/stats_codec.h"

namespace basalt::storage {
namespace {

using MergeFn = Result<std::string> (*)(const std::string_view*,
                                        const std::vector<std::string_view>&);
using CombineFn = Result<std::string> (*)(const std::vector<std::string_view>&);

// Adapts a pair of pure merge functions to RocksDB's interface. A corrupt operand fails
// the merge, which RocksDB reports as a Corruption status to the reader.
class FunctionMergeOperator : public rocksdb::MergeOperator {
 public:
  FunctionMergeOperator(const char* name, MergeFn full, CombineFn partial)
      : name_(name), full_(full), partial_(partial) {}

  bool FullMergeV2(const MergeOperationInput& in, MergeOperationOutput* out) const override {
    std::vector<std::string_view> operands;
    operands.reserve(in.operand_list.size());
    for (const rocksdb::Slice& s : in.operand_list) {
      operands.emplace_back(s.data(), s.size());
    }
    std::string_view existing;
    if (in.existing_value != nullptr) {
      existing = std::string_view(in.existing_value->data(), in.existing_value->size());
    }
    auto merged = full_(in.existing_value != nullptr ? &existing : nullptr, operands);
    if (!merged.ok()) {
      return false;
    }
    out->new_value = std::move(merged).value();
    return true;
  }

  bool PartialMergeMulti(const rocksdb::Slice& /*key*/,
                         const std::deque<rocksdb::Slice>& operand_list, std::string* new_value,
                         rocksdb::Logger* /*logger*/) const override {
    if (partial_ == nullptr) {
      return false;
    }
    std::vector<std::string_view> operands;
    for (const rocksdb::Slice& s : operand_list) {
      operands.emplace_back(s.data(), s.size());
    }
    auto combined = partial_(operands);
    if (!combined.ok()) {
      return false;
    }
    *new_value = std::move(combined).value();
    return true;
  }

  bool AllowSingleOperand() const override { return true; }
  const char* Name() const override { return name_; }

 private:
  const char* name_;
  MergeFn full_;
  CombineFn partial_;
};

// `meta` holds two mergeable kinds; the key's first byte says which.
class MetaMergeOperator : public rocksdb::MergeOperator {
 public:
  bool FullMergeV2(const MergeOperationInput& in, MergeOperationOutput* out) const override {
    std::vector<std::string_view> operands;
    for (const rocksdb::Slice& s : in.operand_list) {
      operands.emplace_back(s.data(), s.size());
    }
    std::string_view existing;
    if (in.existing_value != nullptr) {
      existing = std::string_view(in.existing_value->data(), in.existing_value->size());
    }
    const std::string_view* base = in.existing_value != nullptr ? &existing : nullptr;
    bool is_hll = !in.key.empty() && uint8_t(in.key[0]) == uint8_t(keys::MetaKind::kHll);
    auto merged = is_hll ? MergeHll(base, operands) : MergeCounters(base, operands);
    if (!merged.ok()) {
      return false;
    }
    out->new_value = std::move(merged).value();
    return true;
  }

  // Operands piling up above an older value are combined (registers for HyperLogLogs, sums
  // for counters), so that reads before a full compaction merge few of them.
  bool PartialMergeMulti(const rocksdb::Slice& key, const std::deque<rocksdb::Slice>& operand_list,
                         std::string* new_value, rocksdb::Logger* /*logger*/) const override {
    std::vector<std::string_view> operands;
    for (const rocksdb::Slice& s : operand_list) {
      operands.emplace_back(s.data(), s.size());
    }
    bool is_hll = !key.empty() && uint8_t(key[0]) == uint8_t(keys::MetaKind::kHll);
    auto combined = is_hll ? CombineHll(operands) : MergeCounters(nullptr, operands);
    if (!combined.ok()) {
      return false;
    }
    *new_value = std::move(combined).value();
    return true;
  }
  const char* Name() const override { return "basalt.meta.v1"; }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> NewColumnMergeOperator() {
  return std::make_shared<FunctionMergeOperator>("basalt.column.v1", MergeColumnChunk,
                                                 CombineColumnDeltas);
}

std::shared_ptr<rocksdb::MergeOperator> NewPostingMergeOperator() {
  return std::make_shared<FunctionMergeOperator>("basalt.posting.v1", MergePostingBlock,
                                                 CombinePostingDeltas);
}

std::shared_ptr<rocksdb::MergeOperator> NewMetaMergeOperator() {
  return std::make_shared<MetaMergeOperator>();
}

}  // namespace basalt::storage
