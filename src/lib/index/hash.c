#include <string.h>

#include "index/format.h"

static inline uint64_t rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static inline uint64_t mix(uint64_t acc, uint64_t word)
{
    acc += word * 0x9E3779B185EBCA87ull;
    acc = rotl(acc, 31);
    return acc * 0xC2B2AE3D27D4EB4Full;
}

uint64_t erg_index_hash(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t lane[4] = {0x243F6A8885A308D3ull, 0x13198A2E03707344ull, 0xA4093822299F31D0ull,
                        0x082EFA98EC4E6C89ull};
    size_t i = 0;
    for (; i + 32 <= len; i += 32) {
        uint64_t w[4];
        memcpy(w, p + i, sizeof(w));
        lane[0] = mix(lane[0], w[0]);
        lane[1] = mix(lane[1], w[1]);
        lane[2] = mix(lane[2], w[2]);
        lane[3] = mix(lane[3], w[3]);
    }
    uint64_t h = (uint64_t)len * 0x27D4EB2F165667C5ull;
    for (int k = 0; k < 4; k++)
        h = mix(h ^ lane[k], (uint64_t)k + 1);
    for (; i < len; i++)
        h = mix(h, p[i]);
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    return h;
}
