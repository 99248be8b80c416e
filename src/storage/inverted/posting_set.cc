#include "storage/inverted/posting_set.h"

#include <roaring/roaring.h>

#include "common/assert.h"

namespace basalt::storage {

PostingSet::PostingSet() : bitmap_(roaring_bitmap_create()) {}

PostingSet::~PostingSet() {
  if (bitmap_ != nullptr) {
    roaring_bitmap_free(bitmap_);
  }
}

PostingSet::PostingSet(const PostingSet& other) : bitmap_(roaring_bitmap_copy(other.bitmap_)) {}

PostingSet::PostingSet(PostingSet&& other) noexcept : bitmap_(other.bitmap_) {
  other.bitmap_ = roaring_bitmap_create();
}

PostingSet& PostingSet::operator=(const PostingSet& other) {
  if (this != &other) {
    roaring_bitmap_t* copy = roaring_bitmap_copy(other.bitmap_);
    roaring_bitmap_free(bitmap_);
    bitmap_ = copy;
  }
  return *this;
}

PostingSet& PostingSet::operator=(PostingSet&& other) noexcept {
  if (this != &other) {
    std::swap(bitmap_, other.bitmap_);
  }
  return *this;
}

PostingSet PostingSet::Of(const std::vector<uint64_t>& seqs) {
  PostingSet out;
  for (uint64_t seq : seqs) {
    out.Add(seq);
  }
  return out;
}

void PostingSet::Add(uint64_t seq) {
  BASALT_CHECK(seq <= UINT32_MAX) << "sequence number out of range: " << seq;
  roaring_bitmap_add(bitmap_, uint32_t(seq));
}

void PostingSet::AddRange(uint64_t first, uint64_t last_inclusive) {
  BASALT_CHECK(last_inclusive <= UINT32_MAX);
  if (first > last_inclusive) {
    return;
  }
  roaring_bitmap_add_range_closed(bitmap_, uint32_t(first), uint32_t(last_inclusive));
}

void PostingSet::Remove(uint64_t seq) {
  if (seq <= UINT32_MAX) {
    roaring_bitmap_remove(bitmap_, uint32_t(seq));
  }
}

bool PostingSet::Contains(uint64_t seq) const {
  return seq <= UINT32_MAX && roaring_bitmap_contains(bitmap_, uint32_t(seq));
}

uint64_t PostingSet::Cardinality() const {
  return roaring_bitmap_get_cardinality(bitmap_);
}

bool PostingSet::Empty() const {
  return roaring_bitmap_is_empty(bitmap_);
}

void PostingSet::IntersectWith(const PostingSet& other) {
  roaring_bitmap_and_inplace(bitmap_, other.bitmap_);
}

void PostingSet::UnionWith(const PostingSet& other) {
  roaring_bitmap_or_inplace(bitmap_, other.bitmap_);
}

void PostingSet::SubtractAll(const PostingSet& other) {
  roaring_bitmap_andnot_inplace(bitmap_, other.bitmap_);
}

std::vector<uint64_t> PostingSet::ToVector() const {
  std::vector<uint32_t> raw(Cardinality());
  roaring_bitmap_to_uint32_array(bitmap_, raw.data());
  return std::vector<uint64_t>(raw.begin(), raw.end());
}

void PostingSet::ForEach(const std::function<bool(uint64_t)>& fn) const {
  roaring_iterate(
      bitmap_,
      [](uint32_t value, void* param) {
        return (*static_cast<const std::function<bool(uint64_t)>*>(param))(value);
      },
      const_cast<std::function<bool(uint64_t)>*>(&fn));
}

Status PostingSet::AddBlock(uint64_t block, std::string_view serialized_block) {
  roaring_bitmap_t* low =
      roaring_bitmap_portable_deserialize_safe(serialized_block.data(), serialized_block.size());
  if (low == nullptr) {
    return Corruption("bad posting bitmap");
  }
  uint64_t base = block << 16;
  BASALT_CHECK(base + 0xFFFF <= UINT32_MAX) << "posting block out of range: " << block;
  // A block bitmap holds values below 2^16, so at most one container, under key 0: given
  // the block's key, it holds the block's seqs without decoding them (CRoaring's
  // roaring_array_t is part of its public header).
  roaring_array_t& containers = low->high_low_container;
  if (containers.size == 1 && containers.keys[0] == 0) {
    containers.keys[0] = uint16_t(block);
    roaring_bitmap_or_inplace(bitmap_, low);
    roaring_bitmap_free(low);
    return Status::Ok();
  }
  std::vector<uint32_t> values(roaring_bitmap_get_cardinality(low));
  roaring_bitmap_to_uint32_array(low, values.data());
  for (uint32_t& value : values) {
    value += uint32_t(base);
  }
  roaring_bitmap_add_many(bitmap_, values.size(), values.data());
  roaring_bitmap_free(low);
  return Status::Ok();
}

bool PostingSet::operator==(const PostingSet& other) const {
  return roaring_bitmap_equals(bitmap_, other.bitmap_);
}

std::string PostingSet::Serialize() const {
  std::string out(roaring_bitmap_portable_size_in_bytes(bitmap_), '\0');
  roaring_bitmap_portable_serialize(bitmap_, out.data());
  return out;
}

Result<PostingSet> PostingSet::Deserialize(std::string_view bytes) {
  roaring_bitmap_t* bitmap = roaring_bitmap_portable_deserialize_safe(bytes.data(), bytes.size());
  if (bitmap == nullptr) {
    return Corruption("bad posting bitmap");
  }
  PostingSet out;
  roaring_bitmap_free(out.bitmap_);
  out.bitmap_ = bitmap;
  return out;
}

}  // namespace basalt::storage
