// MD5, SHA1, SHA256, SHA512, HASH, HMAC_MD5/SHA1/SHA256/SHA512, HMAC (OpenSSL), and the
// non-cryptographic CRC32 and XXHASH64 (sql.md §9.12). Inputs are bytes; strings are hashed
// as their UTF-8 bytes (Decision). Digests are bytes (read them with TO_HEX).
#include <array>
#include <string>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

const EVP_MD* DigestByName(std::string_view name) {
  std::string lower = AsciiLower(name);
  if (lower == "md5") {
    return EVP_md5();
  }
  if (lower == "sha1" || lower == "sha-1") {
    return EVP_sha1();
  }
  if (lower == "sha224" || lower == "sha-224") {
    return EVP_sha224();
  }
  if (lower == "sha256" || lower == "sha-256") {
    return EVP_sha256();
  }
  if (lower == "sha384" || lower == "sha-384") {
    return EVP_sha384();
  }
  if (lower == "sha512" || lower == "sha-512") {
    return EVP_sha512();
  }
  return EVP_get_digestbyname(lower.c_str());
}

Result<Value> Digest(std::string_view fn, const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1) {
    return FunctionError(fn, "digest failed");
  }
  return Value::Bytes(std::string_view(reinterpret_cast<const char*>(out), len));
}

Result<Value> Mac(std::string_view fn, const EVP_MD* md, std::string_view data,
                  std::string_view key) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(md, key.data(), int(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
           data.size(), out, &len) == nullptr) {
    return FunctionError(fn, "HMAC failed");
  }
  return Value::Bytes(std::string_view(reinterpret_cast<const char*>(out), len));
}

template <FnName kName, const EVP_MD* (*kMd)()>
Result<Value> FixedDigest(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view data, BytesArg(kName.view(), args, 0));
  return Digest(kName.view(), kMd(), data);
}

Result<Value> NamedDigest(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view data, BytesArg("HASH", args, 0));
  BASALT_ASSIGN_OR_RETURN(std::string_view name, StringArg("HASH", args, 1));
  const EVP_MD* md = DigestByName(name);
  if (md == nullptr) {
    return FunctionError("HASH", "unknown digest '" + std::string(name) + "'");
  }
  return Digest("HASH", md, data);
}

template <FnName kName, const EVP_MD* (*kMd)()>
Result<Value> FixedMac(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view data, BytesArg(kName.view(), args, 0));
  BASALT_ASSIGN_OR_RETURN(std::string_view key, BytesArg(kName.view(), args, 1));
  return Mac(kName.view(), kMd(), data, key);
}

Result<Value> NamedMac(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view data, BytesArg("HMAC", args, 0));
  BASALT_ASSIGN_OR_RETURN(std::string_view key, BytesArg("HMAC", args, 1));
  BASALT_ASSIGN_OR_RETURN(std::string_view name, StringArg("HMAC", args, 2));
  const EVP_MD* md = DigestByName(name);
  if (md == nullptr) {
    return FunctionError("HMAC", "unknown digest '" + std::string(name) + "'");
  }
  return Mac("HMAC", md, data, key);
}

// CRC-32 (IEEE 802.3, as zlib's crc32).
uint32_t Crc32(std::string_view data) {
  static const std::array<uint32_t, 256> kTable = [] {
    std::array<uint32_t, 256> table{};
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int bit = 0; bit < 8; ++bit) {
        c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      }
      table[n] = c;
    }
    return table;
  }();
  uint32_t crc = 0xFFFFFFFFu;
  for (char ch : data) {
    crc = kTable[(crc ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (crc >> 8);
  }
  return crc ^ 0xFFFFFFFFu;
}

Result<Value> Crc32Kernel(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view data, BytesArg("CRC32", args, 0));
  return Value::Int(int64_t(Crc32(data)));
}

// XXH64 with seed 0.
constexpr uint64_t kPrime1 = 11400714785074694791ULL;
constexpr uint64_t kPrime2 = 14029467366897019727ULL;
constexpr uint64_t kPrime3 = 1609587929392839161ULL;
constexpr uint64_t kPrime4 = 9650029242287828579ULL;
constexpr uint64_t kPrime5 = 2870177450012600261ULL;

uint64_t Rotl(uint64_t x, int r) {
  return (x << r) | (x >> (64 - r));
}
uint64_t Read64(const unsigned char* p) {
  uint64_t v = 0;
  for (int idx = 7; idx >= 0; --idx) {
    v = (v << 8) | p[idx];
  }
  return v;
}
uint32_t Read32(const unsigned char* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}
uint64_t Round(uint64_t acc, uint64_t input) {
  acc += input * kPrime2;
  acc = Rotl(acc, 31);
  return acc * kPrime1;
}
uint64_t MergeRound(uint64_t acc, uint64_t val) {
  acc ^= Round(0, val);
  return acc * kPrime1 + kPrime4;
}

uint64_t XxHash64(std::string_view data) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  const unsigned char* end = p + data.size();
  uint64_t h;
  if (data.size() >= 32) {
    uint64_t v1 = kPrime1 + kPrime2, v2 = kPrime2, v3 = 0, v4 = 0 - kPrime1;
    const unsigned char* limit = end - 32;
    do {
      v1 = Round(v1, Read64(p));
      v2 = Round(v2, Read64(p + 8));
      v3 = Round(v3, Read64(p + 16));
      v4 = Round(v4, Read64(p + 24));
      p += 32;
    } while (p <= limit);
    h = Rotl(v1, 1) + Rotl(v2, 7) + Rotl(v3, 12) + Rotl(v4, 18);
    h = MergeRound(h, v1);
    h = MergeRound(h, v2);
    h = MergeRound(h, v3);
    h = MergeRound(h, v4);
  } else {
    h = kPrime5;
  }
  h += data.size();
  while (p + 8 <= end) {
    h ^= Round(0, Read64(p));
    h = Rotl(h, 27) * kPrime1 + kPrime4;
    p += 8;
  }
  if (p + 4 <= end) {
    h ^= uint64_t(Read32(p)) * kPrime1;
    h = Rotl(h, 23) * kPrime2 + kPrime3;
    p += 4;
  }
  while (p < end) {
    h ^= (*p) * kPrime5;
    h = Rotl(h, 11) * kPrime1;
    ++p;
  }
  h ^= h >> 33;
  h *= kPrime2;
  h ^= h >> 29;
  h *= kPrime3;
  h ^= h >> 32;
  return h;
}

// 8 bytes, big-endian (Presto's xxhash64).
Result<Value> XxHash64Kernel(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view data, BytesArg("XXHASH64", args, 0));
  uint64_t h = XxHash64(data);
  std::string out(8, '\0');
  for (int idx = 7; idx >= 0; --idx) {
    out[size_t(idx)] = char(h & 0xFF);
    h >>= 8;
  }
  return Value::Bytes(out);
}

FunctionDef Def(std::string_view name, int args, ScalarKernel kernel, std::string_view signature,
                std::string_view doc, std::string_view example) {
  return {.name = name,
          .min_args = args,
          .max_args = args,
          .kernel = kernel,
          .signature = signature,
          .doc = doc,
          .example = example};
}

}  // namespace

FunctionDef Md5Function() {
  return Def("MD5", 1, FixedDigest<"MD5", EVP_md5>, "MD5(b) -> bytes", "MD5 digest.",
             "TO_HEX(MD5(TO_UTF8('abc'))) = '900150983cd24fb0d6963f7d28e17f72'");
}
FunctionDef Sha1Function() {
  return Def("SHA1", 1, FixedDigest<"SHA1", EVP_sha1>, "SHA1(b) -> bytes", "SHA-1 digest.",
             "TO_HEX(SHA1(TO_UTF8('abc'))) = 'a9993e364706816aba3e25717850c26c9cd0d89d'");
}
FunctionDef Sha256Function() {
  return Def("SHA256", 1, FixedDigest<"SHA256", EVP_sha256>, "SHA256(b) -> bytes",
             "SHA-256 digest.",
             "TO_HEX(SHA256(TO_UTF8('abc'))) = "
             "'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'");
}
FunctionDef Sha512Function() {
  return Def("SHA512", 1, FixedDigest<"SHA512", EVP_sha512>, "SHA512(b) -> bytes",
             "SHA-512 digest.", "LENGTH(SHA512(TO_UTF8('abc'))) = 64");
}
FunctionDef HashFunction() {
  return Def("HASH", 2, NamedDigest, "HASH(b, digest) -> bytes",
             "Digest by OpenSSL name ('md5', 'sha1', 'sha256', 'sha512', ...).",
             "HASH(TO_UTF8('abc'), 'sha256') = SHA256(TO_UTF8('abc'))");
}
FunctionDef HmacMd5Function() {
  return Def("HMAC_MD5", 2, FixedMac<"HMAC_MD5", EVP_md5>, "HMAC_MD5(b, key) -> bytes",
             "HMAC with MD5.",
             "TO_HEX(HMAC_MD5(TO_UTF8('The quick brown fox jumps over the lazy dog'), "
             "TO_UTF8('key'))) = '80070713463e7749b90c2dc24911e275'");
}
FunctionDef HmacSha1Function() {
  return Def("HMAC_SHA1", 2, FixedMac<"HMAC_SHA1", EVP_sha1>, "HMAC_SHA1(b, key) -> bytes",
             "HMAC with SHA-1.",
             "TO_HEX(HMAC_SHA1(TO_UTF8('The quick brown fox jumps over the lazy dog'), "
             "TO_UTF8('key'))) = 'de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9'");
}
FunctionDef HmacSha256Function() {
  return Def("HMAC_SHA256", 2, FixedMac<"HMAC_SHA256", EVP_sha256>, "HMAC_SHA256(b, key) -> bytes",
             "HMAC with SHA-256.",
             "TO_HEX(HMAC_SHA256(TO_UTF8('The quick brown fox jumps over the lazy dog'), "
             "TO_UTF8('key'))) = "
             "'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8'");
}
FunctionDef HmacSha512Function() {
  return Def("HMAC_SHA512", 2, FixedMac<"HMAC_SHA512", EVP_sha512>, "HMAC_SHA512(b, key) -> bytes",
             "HMAC with SHA-512.", "LENGTH(HMAC_SHA512(TO_UTF8('x'), TO_UTF8('key'))) = 64");
}
FunctionDef HmacFunction() {
  return Def("HMAC", 3, NamedMac, "HMAC(b, key, digest) -> bytes",
             "HMAC with the digest named by OpenSSL name.",
             "HMAC(TO_UTF8('x'), TO_UTF8('k'), 'sha1') = HMAC_SHA1(TO_UTF8('x'), TO_UTF8('k'))");
}
FunctionDef Crc32Function() {
  return Def("CRC32", 1, Crc32Kernel, "CRC32(b) -> int", "CRC-32 checksum (as zlib's crc32).",
             "CRC32(TO_UTF8('123456789')) = 3421780262");
}
FunctionDef XxHash64Function() {
  return Def("XXHASH64", 1, XxHash64Kernel, "XXHASH64(b) -> bytes",
             "xxHash64 (seed 0) as 8 big-endian bytes.",
             "TO_HEX(XXHASH64(TO_UTF8(''))) = 'ef46db3751d8e999'");
}

}  // namespace basalt::sql
