#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

struct roaring_bitmap_s;

namespace basalt::storage {

// A set of document sequence numbers (a compressed roaring bitmap). Sequence numbers fit in
// 32 bits (a collection holds at most 2^32 - 1 documents over its life). Movable, copyable.
class PostingSet {
 public:
  PostingSet();
  ~PostingSet();
  PostingSet(const PostingSet& other);
  PostingSet(PostingSet&& other) noexcept;
  PostingSet& operator=(const PostingSet& other);
  PostingSet& operator=(PostingSet&& other) noexcept;

  static PostingSet Of(const std::vector<uint64_t>& seqs);

  void Add(uint64_t seq);
  void AddRange(uint64_t first, uint64_t last_inclusive);
  void Remove(uint64_t seq);
  bool Contains(uint64_t seq) const;
  uint64_t Cardinality() const;
  bool Empty() const;

  void IntersectWith(const PostingSet& other);
  void UnionWith(const PostingSet& other);
  void SubtractAll(const PostingSet& other);

  std::vector<uint64_t> ToVector() const;
  // Calls fn(seq) in ascending order until it returns false.
  void ForEach(const std::function<bool(uint64_t)>& fn) const;

  // Adds every seq of a block bitmap (low 16 bits, see docs/formats/index.md) shifted by
  // block << 16.
  Status AddBlock(uint64_t block, std::string_view serialized_block);

  bool operator==(const PostingSet& other) const;

  // Portable roaring serialisation.
  std::string Serialize() const;
  static Result<PostingSet> Deserialize(std::string_view bytes);

 private:
  roaring_bitmap_s* bitmap_;
};

}  // namespace basalt::storage
