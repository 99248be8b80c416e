#include "catalog/ids.h"

#include <array>
#include <cstdio>
#include <random>

#include <openssl/rand.h>
#include <openssl/sha.h>

#include "common/assert.h"
#include "common/time_util.h"

namespace basalt::catalog {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kSecretAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

uint64_t RandomWord() {
  // Ids only need to be unique, not secret: a per-thread generator seeded once.
  thread_local std::mt19937_64 generator([] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }());
  return generator();
}

void AppendHexByte(uint8_t byte, std::string* out) {
  out->push_back(kHexDigits[byte >> 4]);
  out->push_back(kHexDigits[byte & 0xF]);
}

}  // namespace

std::string NewUuid() {
  std::array<uint8_t, 16> bytes;
  uint64_t high = RandomWord();
  uint64_t low = RandomWord();
  for (int byte_idx = 0; byte_idx < 8; ++byte_idx) {
    bytes[byte_idx] = static_cast<uint8_t>(high >> (8 * byte_idx));
    bytes[8 + byte_idx] = static_cast<uint8_t>(low >> (8 * byte_idx));
  }
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  std::string out;
  out.reserve(36);
  for (int byte_idx = 0; byte_idx < 16; ++byte_idx) {
    if (byte_idx == 4 || byte_idx == 6 || byte_idx == 8 || byte_idx == 10) {
      out.push_back('-');
    }
    AppendHexByte(bytes[byte_idx], &out);
  }
  return out;
}

std::string NewSecret(size_t length) {
  std::string out;
  out.reserve(length);
  constexpr size_t kAlphabetSize = sizeof(kSecretAlphabet) - 1;  // 62
  // Rejection sampling keeps the characters uniform: accept bytes below 4 * 62 = 248.
  std::array<unsigned char, 64> buffer;
  while (out.size() < length) {
    BASALT_CHECK(RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) == 1)
        << "OpenSSL RAND_bytes failed";
    for (unsigned char byte : buffer) {
      if (byte >= 4 * kAlphabetSize) {
        continue;
      }
      out.push_back(kSecretAlphabet[byte % kAlphabetSize]);
      if (out.size() == length) {
        break;
      }
    }
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest;
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data());
  std::string out;
  out.reserve(2 * digest.size());
  for (unsigned char byte : digest) {
    AppendHexByte(byte, &out);
  }
  return out;
}

std::string FormatIsoSeconds(int64_t micros_since_epoch) {
  int64_t seconds = micros_since_epoch / kMicrosPerSecond;
  if (micros_since_epoch < 0 && seconds * kMicrosPerSecond != micros_since_epoch) {
    --seconds;
  }
  int64_t days = seconds / 86'400;
  int64_t second_of_day = seconds % 86'400;
  if (second_of_day < 0) {
    second_of_day += 86'400;
    --days;
  }
  int64_t year = 0;
  unsigned month = 0;
  unsigned day = 0;
  CivilFromDays(days, &year, &month, &day);
  char buffer[64];
  std::snprintf(
      buffer, sizeof(buffer), "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
      static_cast<long long>(year), month, day, static_cast<long long>(second_of_day / 3600),
      static_cast<long long>(second_of_day / 60 % 60), static_cast<long long>(second_of_day % 60));
  return buffer;
}

}  // namespace basalt::catalog
