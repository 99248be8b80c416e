#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/coding.h"

namespace basalt::storage::keys {

// Key layouts of every column family (docs/formats/keys.md). All integers big-endian so
// that keys sort numerically. Every per-collection key starts with the 4-byte collection
// id (in `meta`, after a one-byte kind), so dropping a collection is one range delete per
// column family and kind.

// meta: kinds of per-collection and global keys (catalog keys start with "catalog/").
enum class MetaKind : uint8_t {
  kPathToId = 0x01,        // kind, coll, path bytes      -> path id (u32 BE)
  kIdToPath = 0x02,        // kind, coll, path id         -> path bytes
  kTypeCounts = 0x03,      // kind, coll, path id         -> counters (merge)
  kHll = 0x04,             // kind, coll, path id         -> HLL registers (merge)
  kDocCount = 0x05,        // kind, coll                  -> counters[1] (merge)
  kNextSeq = 0x06,         // kind, coll                  -> u64 BE
  kNextCollection = 0x07,  // kind                     -> u32 BE
  kHiddenState = 0x08,     // kind, coll, _id bytes       -> encoded value
};
inline constexpr MetaKind kPerCollectionMetaKinds[] = {
    MetaKind::kPathToId, MetaKind::kIdToPath, MetaKind::kTypeCounts, MetaKind::kHll,
    MetaKind::kDocCount, MetaKind::kNextSeq,  MetaKind::kHiddenState};
inline constexpr std::string_view kCatalogPrefix = "catalog/";

inline std::string CollectionPrefix(uint32_t coll) {
  std::string out;
  PutFixed32BE(&out, coll);
  return out;
}

inline std::string Meta(MetaKind kind, uint32_t coll) {
  std::string out(1, char(kind));
  PutFixed32BE(&out, coll);
  return out;
}
inline std::string Meta(MetaKind kind, uint32_t coll, uint32_t path_id) {
  std::string out = Meta(kind, coll);
  PutFixed32BE(&out, path_id);
  return out;
}
inline std::string HiddenState(uint32_t coll, std::string_view id) {
  std::string out = Meta(MetaKind::kHiddenState, coll);
  out.append(id);
  return out;
}
inline std::string PathToId(uint32_t coll, std::string_view path) {
  std::string out = Meta(MetaKind::kPathToId, coll);
  out.append(path);
  return out;
}

// docs: coll, seq (u64) -> encoded document.
inline std::string Doc(uint32_t coll, uint64_t seq) {
  std::string out = CollectionPrefix(coll);
  PutFixed64BE(&out, seq);
  return out;
}
inline uint64_t SeqOfDocKey(std::string_view key) {
  return DecodeFixed64BE(key.data() + 4);
}

// ids: coll, _id bytes -> seq (u64 BE).
inline std::string Id(uint32_t coll, std::string_view id) {
  std::string out = CollectionPrefix(coll);
  out.append(id);
  return out;
}

// columns: coll, path id, chunk no (u64) -> column chunk (merge).
inline std::string ColumnPrefix(uint32_t coll, uint32_t path_id) {
  std::string out = CollectionPrefix(coll);
  PutFixed32BE(&out, path_id);
  return out;
}
inline std::string Column(uint32_t coll, uint32_t path_id, uint64_t chunk_no) {
  std::string out = ColumnPrefix(coll, path_id);
  PutFixed64BE(&out, chunk_no);
  return out;
}

// index: coll, path id, encoded value (type byte + order-preserving bytes), block (u32)
// -> posting block bitmap (merge).
inline std::string IndexPrefix(uint32_t coll, uint32_t path_id) {
  return ColumnPrefix(coll, path_id);
}
inline constexpr size_t kIndexHeaderSize = 8;  // coll + path id
// Path id 0 is reserved for the set of all live documents: key coll, 0, type byte 0, block.
inline constexpr uint32_t kAllDocumentsPathId = 0;
inline std::string AllDocumentsPrefix(uint32_t coll) {
  std::string out = IndexPrefix(coll, kAllDocumentsPathId);
  out.push_back('\0');
  return out;
}
inline constexpr size_t kBlockSuffixSize = 4;

// The smallest key greater than every key starting with `prefix`.
inline std::string PrefixSuccessor(std::string prefix) {
  while (!prefix.empty()) {
    auto last = static_cast<unsigned char>(prefix.back());
    if (last != 0xFF) {
      prefix.back() = char(last + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;  // empty: no upper bound
}

}  // namespace basalt::storage::keys
