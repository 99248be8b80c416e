#include "storage/column/column_chunk.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <unordered_map>

#include "common/coding.h"
#include "common/value_codec.h"
#include "storage/counted_operands.h"

namespace basalt::storage {
namespace {

constexpr uint8_t kFormatVersion = 1;
// On disk only: a kStrings chunk stored as a dictionary (docs/formats/columns.md).
constexpr uint8_t kDictionaryLayout = 4;
// Dictionary-code a strings chunk when its distinct strings are at most this share of its
// values (and it has at least kMinDictionaryValues values).
constexpr size_t kDictionaryDivisor = 2;
constexpr size_t kMinDictionaryValues = 16;
constexpr uint8_t kDeltaVersion = 0x81;
constexpr uint8_t kOpRemove = 0;
constexpr uint8_t kOpSet = 1;

// Applies one delta operand to a slot map.
Status ApplyDelta(std::string_view operand, std::map<uint16_t, Value>* slots) {
  if (operand.empty() || uint8_t(operand[0]) != kDeltaVersion) {
    return Corruption("bad column delta");
  }
  operand.remove_prefix(1);
  uint64_t count;
  if (!GetVarint64(&operand, &count)) {
    return Corruption("bad column delta count");
  }
  for (uint64_t idx = 0; idx < count; ++idx) {
    if (operand.size() < 3) {
      return Corruption("truncated column delta");
    }
    uint16_t slot = DecodeFixed16LE(operand.data());
    uint8_t op = uint8_t(operand[2]);
    operand.remove_prefix(3);
    if (op == kOpSet) {
      Value v;
      BASALT_RETURN_IF_ERROR(DecodeValue(&operand, &v));
      (*slots)[slot] = std::move(v);
    } else {
      slots->erase(slot);
    }
  }
  return Status::Ok();
}

}  // namespace

Value ColumnChunk::ValueAt(size_t index) const {
  switch (layout) {
    case Layout::kInts:
      return Value::FromIntPayload(type, ints[index]);
    case Layout::kFloats:
      return Value::Float(floats[index]);
    case Layout::kStrings:
      return type == ValueType::kBytes ? Value::Bytes(StringAt(index))
                                       : Value::String(StringAt(index));
    case Layout::kMixed:
      return values[index];
  }
  return Value();
}

ColumnChunk ColumnChunk::FromValues(uint64_t chunk_no,
                                    std::vector<std::pair<uint16_t, Value>> entries) {
  ColumnChunk chunk;
  chunk.chunk_no = chunk_no;
  chunk.slots.reserve(entries.size());
  bool uniform = !entries.empty();
  ValueType type = entries.empty() ? ValueType::kUndefined : entries[0].second.type();
  for (const auto& entry : entries) {
    if (entry.second.type() != type) {
      uniform = false;
    }
  }
  chunk.type = type;
  if (uniform && (type == ValueType::kFloat)) {
    chunk.layout = Layout::kFloats;
  } else if (uniform && (type == ValueType::kString || type == ValueType::kBytes)) {
    chunk.layout = Layout::kStrings;
  } else if (uniform && entries[0].second.has_int_payload()) {
    chunk.layout = Layout::kInts;
  } else {
    chunk.layout = Layout::kMixed;
    chunk.type = ValueType::kUndefined;
  }
  for (auto& [slot, value] : entries) {
    chunk.slots.push_back(slot);
    switch (chunk.layout) {
      case Layout::kInts:
        chunk.ints.push_back(value.int_value());
        break;
      case Layout::kFloats:
        chunk.floats.push_back(value.float_value());
        break;
      case Layout::kStrings:
        chunk.string_bytes.append(value.string_value());
        chunk.string_ends.push_back(chunk.string_bytes.size());
        break;
      case Layout::kMixed:
        chunk.values.push_back(std::move(value));
        break;
    }
  }
  return chunk;
}

std::vector<std::pair<uint16_t, Value>> ColumnChunk::Entries() const {
  std::vector<std::pair<uint16_t, Value>> out;
  out.reserve(slots.size());
  for (size_t idx = 0; idx < slots.size(); ++idx) {
    out.emplace_back(slots[idx], ValueAt(idx));
  }
  return out;
}

std::string ColumnChunk::Encode() const {
  // Strings with few distinct values: entry number per value.
  std::vector<uint32_t> entry_of_value;
  std::vector<size_t> entries;  // the value holding each distinct string
  if (layout == Layout::kStrings && slots.size() >= kMinDictionaryValues) {
    std::unordered_map<std::string_view, uint32_t> entry_of;
    entry_of_value.reserve(slots.size());
    for (size_t idx = 0; idx < slots.size(); ++idx) {
      auto [it, added] = entry_of.emplace(StringAt(idx), uint32_t(entries.size()));
      if (added) {
        entries.push_back(idx);
        if (entries.size() * kDictionaryDivisor > slots.size()) {
          break;
        }
      }
      entry_of_value.push_back(it->second);
    }
    if (entries.size() * kDictionaryDivisor > slots.size()) {
      entry_of_value.clear();
    }
  }
  bool coded = !entry_of_value.empty();
  std::string out;
  out.push_back(char(kFormatVersion));
  out.push_back(char(coded ? kDictionaryLayout : uint8_t(layout)));
  out.push_back(char(type));
  PutVarint64(&out, slots.size());
  uint16_t previous = 0;
  for (size_t idx = 0; idx < slots.size(); ++idx) {
    // Slots ascend: store gaps.
    PutVarint64(&out, idx == 0 ? slots[idx] : uint16_t(slots[idx] - previous));
    previous = slots[idx];
  }
  switch (layout) {
    case Layout::kInts: {
      int64_t prev = 0;
      for (int64_t v : ints) {
        PutVarint64(&out, ZigZag(int64_t(uint64_t(v) - uint64_t(prev))));
        prev = v;
      }
      break;
    }
    case Layout::kFloats:
      for (double v : floats) {
        uint64_t bits;
        std::memcpy(&bits, &v, 8);
        PutFixed64LE(&out, bits);
      }
      break;
    case Layout::kStrings:
      if (coded) {
        PutVarint64(&out, entries.size());
        for (size_t value : entries) {
          PutLengthPrefixed(&out, StringAt(value));
        }
        for (uint32_t entry : entry_of_value) {
          PutVarint64(&out, entry);
        }
        break;
      }
      for (size_t idx = 0; idx < slots.size(); ++idx) {
        PutLengthPrefixed(&out, StringAt(idx));
      }
      break;
    case Layout::kMixed:
      for (const Value& v : values) {
        EncodeValue(v, &out);
      }
      break;
  }
  return out;
}

Result<ColumnChunk> ColumnChunk::Decode(uint64_t chunk_no, std::string_view bytes) {
  if (bytes.size() < 3 || uint8_t(bytes[0]) != kFormatVersion) {
    return Corruption("bad column chunk header");
  }
  ColumnChunk chunk;
  chunk.chunk_no = chunk_no;
  uint8_t layout = uint8_t(bytes[1]);
  uint8_t type = uint8_t(bytes[2]);
  bool coded = layout == kDictionaryLayout;
  if ((layout > uint8_t(Layout::kMixed) && !coded) || type >= kValueTypeCount) {
    return Corruption("bad column chunk layout");
  }
  chunk.layout = coded ? Layout::kStrings : Layout(layout);
  chunk.type = ValueType(type);
  bytes.remove_prefix(3);
  uint64_t count;
  if (!GetVarint64(&bytes, &count) || count > kChunkSize) {
    return Corruption("bad chunk count");
  }
  chunk.slots.resize(count);
  uint64_t slot = 0;
  for (uint64_t idx = 0; idx < count; ++idx) {
    uint64_t gap;
    if (!GetVarint64(&bytes, &gap)) {
      return Corruption("truncated chunk slots");
    }
    slot = idx == 0 ? gap : slot + gap;
    if (slot >= kChunkSize) {
      return Corruption("chunk slot out of range");
    }
    chunk.slots[idx] = uint16_t(slot);
  }
  switch (chunk.layout) {
    case Layout::kInts: {
      chunk.ints.resize(count);
      int64_t prev = 0;
      for (uint64_t idx = 0; idx < count; ++idx) {
        uint64_t z;
        if (!GetVarint64(&bytes, &z)) {
          return Corruption("truncated chunk ints");
        }
        prev = int64_t(uint64_t(prev) + uint64_t(UnZigZag(z)));
        chunk.ints[idx] = prev;
      }
      break;
    }
    case Layout::kFloats:
      if (bytes.size() < count * 8) {
        return Corruption("truncated chunk floats");
      }
      chunk.floats.resize(count);
      std::memcpy(chunk.floats.data(), bytes.data(), count * 8);
      bytes.remove_prefix(count * 8);
      break;
    case Layout::kStrings: {
      uint64_t entries = count;
      if (coded && (!GetVarint64(&bytes, &entries) || entries > count)) {
        return Corruption("bad chunk dictionary size");
      }
      chunk.string_ends.resize(entries);
      chunk.string_bytes.reserve(bytes.size());
      for (uint64_t idx = 0; idx < entries; ++idx) {
        std::string_view s;
        if (!GetLengthPrefixed(&bytes, &s)) {
          return Corruption("truncated chunk strings");
        }
        chunk.string_bytes.append(s);
        chunk.string_ends[idx] = chunk.string_bytes.size();
      }
      if (coded) {
        chunk.dictionary_ids.resize(count);
        for (uint64_t idx = 0; idx < count; ++idx) {
          uint64_t entry;
          if (!GetVarint64(&bytes, &entry) || entry >= entries) {
            return Corruption("bad chunk dictionary entry");
          }
          chunk.dictionary_ids[idx] = uint32_t(entry);
        }
      }
      break;
    }
    case Layout::kMixed:
      chunk.values.resize(count);
      for (uint64_t idx = 0; idx < count; ++idx) {
        BASALT_RETURN_IF_ERROR(DecodeValue(&bytes, &chunk.values[idx]));
      }
      break;
  }
  if (!bytes.empty()) {
    return Corruption("trailing bytes in column chunk");
  }
  return chunk;
}

void ColumnDelta::Set(uint16_t slot, const Value& value) {
  PutFixed16LE(&body_, slot);
  body_.push_back(char(kOpSet));
  EncodeValue(value, &body_);
  ++count_;
}

void ColumnDelta::SetEncoded(uint16_t slot, std::string_view encoded_value) {
  PutFixed16LE(&body_, slot);
  body_.push_back(char(kOpSet));
  body_.append(encoded_value);
  ++count_;
}

void ColumnDelta::Remove(uint16_t slot) {
  PutFixed16LE(&body_, slot);
  body_.push_back(char(kOpRemove));
  ++count_;
}

std::string ColumnDelta::Finish() const {
  std::string out;
  out.push_back(char(kDeltaVersion));
  PutVarint64(&out, count_);
  out += body_;
  return out;
}

Result<std::string> MergeColumnChunk(const std::string_view* existing,
                                     const std::vector<std::string_view>& operands) {
  std::map<uint16_t, Value> slots;
  if (existing != nullptr) {
    BASALT_ASSIGN_OR_RETURN(ColumnChunk base, ColumnChunk::Decode(0, *existing));
    for (auto& [slot, value] : base.Entries()) {
      slots.emplace(slot, std::move(value));
    }
  }
  for (std::string_view operand : operands) {
    BASALT_RETURN_IF_ERROR(ApplyDelta(operand, &slots));
  }
  std::vector<std::pair<uint16_t, Value>> entries(slots.begin(), slots.end());
  return ColumnChunk::FromValues(0, std::move(entries)).Encode();
}

Result<std::string> CombineColumnDeltas(const std::vector<std::string_view>& operands) {
  return CombineCountedOperands(kDeltaVersion, operands, "column delta");
}

}  // namespace basalt::storage
