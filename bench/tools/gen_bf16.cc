// Writes N bytes of synthetic BF16 weights (normal, std 0.02, round to nearest
// even) to stdout, fast enough for multi-GiB files. Usage: gen_bf16 BYTES [SEED]
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  unsigned long long left = std::strtoull(argv[1], nullptr, 10);
  uint64_t s = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  std::vector<uint16_t> buf(1 << 20);
  while (left > 0) {
    for (auto &v : buf) {
      // Irwin-Hall(4) approximates a normal distribution cheaply.
      float sum = 0;
      for (int k = 0; k < 4; ++k) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        sum += static_cast<float>(s >> 40) * (1.0f / 16777216.0f);
      }
      const float f = (sum - 2.0f) * 1.7320508f * 0.02f;
      uint32_t u;
      std::memcpy(&u, &f, 4);
      u += 0x7fff + ((u >> 16) & 1);
      v = static_cast<uint16_t>(u >> 16);
    }
    const size_t n = left < buf.size() * 2 ? static_cast<size_t>(left) : buf.size() * 2;
    if (std::fwrite(buf.data(), 1, n, stdout) != n) return 1;
    left -= n;
  }
  return 0;
}
