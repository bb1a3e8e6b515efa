#!/bin/bash
# Build mediasoup-worker 3.2x (tested: 3.27.1) with NO internet access except
# the npm registry and the Debian archive (bookworm + trixie). No GitHub / PyPI /
# wrapdb downloads: every meson subproject is replaced by a tiny "shim"
# subproject that wraps a Debian (bookworm) library via dependency().
# Called by scripts/setup/worker.mjs, which caches the result keyed by version + hash of this file.
#
# Usage (as root):  ./build-mediasoup-worker-3.27.sh
#   MS_VERSION   mediasoup npm version (default/tested 3.27.1; needs node >= 22 at run time)
#   WORK         scratch dir (default /tmp/ms327/work)
#   OUTDIR       where the binary is copied (default /tmp/ms327/out)
#   APT_DIR      private apt state for the trixie list (default /tmp/ms327/apt-trixie)
#   SRTP_CRYPTO  openssl (default: Debian bookworm's libsrtp2 SOURCE package rebuilt as a
#                static -fPIC library with OpenSSL crypto, as upstream mediasoup does; links
#                no libsrtp2.so / libnss3 / libnspr4; ~30% less worker CPU per receiver)
#                or nss (Debian's shared libsrtp2, built by Debian with NSS crypto)
#   SRTP_PREFIX  private install prefix of that static libsrtp2 (default $WORK/libsrtp2-openssl)
# Result: $OUTDIR/mediasoup-worker (and $OUTDIR/mediasoup-worker-$MS_VERSION)
# Then:   MEDIASOUP_WORKER_BIN=$OUTDIR/mediasoup-worker npm install mediasoup@$MS_VERSION
#         and at run time either keep MEDIASOUP_WORKER_BIN set or pass
#         createWorker({ workerBin }) (option exists since 3.19.11).
#
# What differs from the 3.19.x recipe (see README.md):
#  - no usrsctp (own SCTP stack since 3.20.0) and no liburing (removed in 3.20.7);
#  - new header-only dep ankerl::unordered_dense (not packaged in Debian): the
#    shim provides <ankerl/unordered_dense.h> = map/set/hash on std::unordered_*;
#  - libsrtp 3.0.0-beta-2fc078db (3.23.0+) uses an opaque srtp_policy_t with
#    srtp_policy_create()/..._set_*()/..._add_key()/..._destroy(): the compat
#    header implements those on Debian's libsrtp2 (2.5) policy struct;
#  - meson is NOT installed system-wide: trixie's meson .deb is unpacked into $WORK.
set -euo pipefail
MS_VERSION=${MS_VERSION:-3.27.1}
WORK=${WORK:-/tmp/ms327/work}
OUTDIR=${OUTDIR:-/tmp/ms327/out}
APT_DIR=${APT_DIR:-/tmp/ms327/apt-trixie}
JOBS=${JOBS:-$(nproc)}
SRTP_CRYPTO=${SRTP_CRYPTO:-openssl}
SRTP_PREFIX=${SRTP_PREFIX:-$WORK/libsrtp2-openssl}
case "$SRTP_CRYPTO" in
  nss|openssl) ;;
  *) echo "ERROR: SRTP_CRYPTO must be nss or openssl (got '$SRTP_CRYPTO')" >&2; exit 1 ;;
esac
export DEBIAN_FRONTEND=noninteractive
t0=$(date +%s)
# the machine's own Debian mirror, taken from its apt configuration
MIRROR=$({ grep -h -m1 -E '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } | awk '{print $2}' | head -n1)
[ -n "$MIRROR" ] || MIRROR=$({ grep -h -m1 -E '^deb ' /etc/apt/sources.list 2>/dev/null || true; } | awk '{print $2}' | head -n1)
[ -n "$MIRROR" ] || { echo "ERROR: no Debian mirror found in the apt configuration" >&2; exit 1; }

# ---------------------------------------------------------------- 0. apt list for trixie (private)
T="-o Dir::Etc::SourceList=$APT_DIR/sources.list -o Dir::Etc::SourceParts=- -o Dir::State::Lists=$APT_DIR/lists -o Dir::Cache=$APT_DIR/cache"
if [ ! -s "$APT_DIR/sources.list" ]; then
  mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR trixie main" \
    > "$APT_DIR/sources.list"
fi
ls "$APT_DIR"/lists/*trixie*Packages* >/dev/null 2>&1 || apt-get $T update

# ---------------------------------------------------------------- 1. packages
# All libraries come from bookworm (no newer-suite runtime library is installed).
apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends \
  build-essential pkg-config ninja-build python3 \
  libssl-dev libuv1-dev libsrtp2-dev libabsl-dev flatbuffers-compiler libflatbuffers-dev
# meson >= 1.1 is required; bookworm has 1.0.1 -> unpack trixie's arch:all meson
# (1.7.0) into $WORK/meson-root and run it from there with bookworm's python3.
MESON_ROOT=$WORK/meson-root
if [ ! -x "$MESON_ROOT/usr/bin/meson" ]; then
  mkdir -p "$WORK/debs"
  ( cd "$WORK/debs" && { ls meson_*_all.deb >/dev/null 2>&1 || apt-get $T download meson/trixie; } )
  dpkg-deb -x "$(ls "$WORK"/debs/meson_*_all.deb | head -1)" "$MESON_ROOT"
fi
export PYTHONPATH="$MESON_ROOT/usr/lib/python3/dist-packages${PYTHONPATH:+:$PYTHONPATH}"  # also for ninja's regenerate step
meson() { python3 "$MESON_ROOT/usr/bin/meson" "$@"; }
echo "meson $(meson --version), flatc $(flatc --version), libuv $(pkg-config --modversion libuv)," \
  "libsrtp2 $(pkg-config --modversion libsrtp2), openssl $(pkg-config --modversion openssl)," \
  "absl $(pkg-config --modversion absl_strings), SRTP_CRYPTO=$SRTP_CRYPTO"

# ---------------------------------------------------------------- 1b. SRTP_CRYPTO=openssl: static libsrtp2
# Debian builds libsrtp2 with --enable-nss: every packet then goes through NSS's PK11
# context create/destroy (malloc/free/mutex churn); about a third of the worker's CPU
# in a 100-receiver fan-out profile. Upstream mediasoup uses libsrtp with OpenSSL.
# Rebuild bookworm's libsrtp2 source package (same 2.5.0 + Debian patches) with
# --enable-openssl (no OpenSSL KDF, like mediasoup's crypto-library-kdf=disabled) as a
# static -fPIC library into $SRTP_PREFIX (private; nothing installed system-wide).
if [ "$SRTP_CRYPTO" = openssl ]; then
  SRC_APT=$WORK/apt-bookworm-src
  TS="-o Dir::Etc::SourceList=$SRC_APT/sources.list -o Dir::Etc::SourceParts=- -o Dir::State::Lists=$SRC_APT/lists -o Dir::Cache=$SRC_APT/cache"
  if [ ! -s "$SRC_APT/sources.list" ]; then
    mkdir -p "$SRC_APT/lists/partial" "$SRC_APT/cache/archives/partial"
    echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR bookworm main" \
      > "$SRC_APT/sources.list"
  fi
  mkdir -p "$WORK/libsrtp2-src"; cd "$WORK/libsrtp2-src"
  if ! ls libsrtp2_*.dsc >/dev/null 2>&1; then
    ls "$SRC_APT"/lists/*bookworm*Sources* >/dev/null 2>&1 || apt-get $TS update
    apt-get $TS source --download-only libsrtp2
  fi
  DSC=$(ls libsrtp2_*.dsc | sort -V | tail -1)
  SRTP_STAMP="$DSC openssl static fPIC no-kdf v1"
  if [ ! -f "$SRTP_PREFIX/lib/libsrtp2.a" ] || [ "$(cat "$SRTP_PREFIX/.ms-stamp" 2>/dev/null)" != "$SRTP_STAMP" ]; then
    rm -rf tree "$SRTP_PREFIX"
    dpkg-source -x "$DSC" tree            # applies Debian's patches
    ( cd tree
      CPPFLAGS="$(dpkg-buildflags --get CPPFLAGS)" \
      CFLAGS="$(dpkg-buildflags --get CFLAGS) -fPIC -D_REENTRANT" \
      LDFLAGS="$(dpkg-buildflags --get LDFLAGS)" \
        ./configure --prefix="$SRTP_PREFIX" --enable-openssl --disable-pcap
      grep -q '^#define OPENSSL 1' crypto/include/config.h
      grep -q '^#define GCM 1' crypto/include/config.h
      make -j"$JOBS" libsrtp2.a
      make install )                      # no shared library was built: installs only libsrtp2.a
    echo "$SRTP_STAMP" > "$SRTP_PREFIX/.ms-stamp"
  fi
  # checks: AES-GCM present, OpenSSL EVP used, no NSS/NSPR symbol
  SRTP_SYMS=$(nm "$SRTP_PREFIX/lib/libsrtp2.a" 2>/dev/null)
  for f in srtp_crypto_policy_set_aes_gcm_128_16_auth srtp_crypto_policy_set_aes_gcm_256_16_auth \
           srtp_crypto_policy_set_aes_gcm_128_8_auth srtp_crypto_policy_set_aes_gcm_256_8_auth; do
    grep -q " T $f\$" <<<"$SRTP_SYMS" || { echo "ERROR: $f missing in $SRTP_PREFIX/lib/libsrtp2.a" >&2; exit 1; }
  done
  grep -q ' U EVP_EncryptInit_ex$' <<<"$SRTP_SYMS" || { echo "ERROR: libsrtp2.a does not use OpenSSL EVP" >&2; exit 1; }
  if grep -qE ' U (PK11_|NSS_|SECITEM_|SECOID_|PR_)' <<<"$SRTP_SYMS"; then
    echo "ERROR: libsrtp2.a references NSS/NSPR" >&2; exit 1
  fi
  echo "libsrtp2 (OpenSSL crypto, static): $SRTP_PREFIX/lib/libsrtp2.a from $DSC"
fi

# ---------------------------------------------------------------- 2. sources from npm
mkdir -p "$WORK/src"; cd "$WORK/src"
rm -rf package; [ -f "mediasoup-$MS_VERSION.tgz" ] || npm pack "mediasoup@$MS_VERSION" >/dev/null
tar xzf "mediasoup-$MS_VERSION.tgz"
W=$WORK/src/package/worker

# ---------------------------------------------------------------- 3. shim subprojects
S=$WORK/shims
rm -rf "$S"; mkdir -p "$S"
for d in openssl libuv libsrtp3 abseil-cpp catch2 flatbuffers unordered-dense; do
  mkdir -p "$S/$d"; echo 'typedef int ms_shim_empty_t; /* empty: shim */' > "$S/$d/empty.c"
done
# mediasoup does link_whole: <subproject>.get_variable('<lib>'), which must be a
# build target -> an empty static library; the real (shared) Debian library
# comes in through the *_dep declared from dependency().
cat > "$S/openssl/meson.build" <<'EOF'
project('openssl', 'c')
openssl_dep = dependency('openssl', version: '>=3.0')
libcrypto_lib = static_library('openssl_shim_crypto', files('empty.c'))
libssl_lib = static_library('openssl_shim_ssl', files('empty.c'))
EOF
cat > "$S/libuv/meson.build" <<'EOF'
project('libuv', 'c')
libuv_dep = dependency('libuv', version: '>=1.44')
libuv = static_library('libuv_shim', files('empty.c'))
EOF
cat > "$S/libuv/meson_options.txt" <<'EOF'
option('build_tests', type: 'boolean', value: false)
option('build_benchmarks', type: 'boolean', value: false)
EOF
cat > "$S/abseil-cpp/meson.build" <<'EOF'
project('abseil-cpp', 'c')
# only deps/libwebrtc (transport-cc BWE) uses abseil (optional, string_view, memory, flat_hash_*)
absl_container_dep = declare_dependency(dependencies: [
  dependency('absl_flat_hash_map'), dependency('absl_flat_hash_set'),
  dependency('absl_node_hash_map'), dependency('absl_node_hash_set'),
  dependency('absl_btree'), dependency('absl_inlined_vector'),
  dependency('absl_fixed_array'),
])
absl_strings_dep = declare_dependency(dependencies: [
  dependency('absl_strings'), dependency('absl_str_format'),
])
absl_types_dep = declare_dependency(dependencies: [
  dependency('absl_optional'), dependency('absl_variant'), dependency('absl_span'),
  dependency('absl_any'), dependency('absl_bad_optional_access'),
  dependency('absl_bad_variant_access'),
])
absl_container_lib = static_library('absl_shim', files('empty.c'))
EOF
cat > "$S/catch2/meson.build" <<'EOF'
project('catch2', 'c')
catch2_dep = declare_dependency()   # only for mediasoup-worker-test (not built)
EOF
cat > "$S/flatbuffers/meson.build" <<'EOF'
project('flatbuffers', 'c')
# headers + lib from libflatbuffers-dev 2.0.8; flatc = /usr/bin/flatc 2.0.8 (find_program
# in worker/fbs/FBS). The generated headers static_assert the flatc version, so
# flatc and headers must come from the same flatbuffers release: both are bookworm's.
flatbuffers_dep = dependency('flatbuffers')
flatbuffers_lib = static_library('flatbuffers_shim', files('empty.c'))
EOF

# ankerl::unordered_dense (header-only, github only, not in Debian): stand-in header
mkdir -p "$S/unordered-dense/include/ankerl"
cat > "$S/unordered-dense/meson.build" <<'EOF'
project('ankerl-unordered-dense', 'cpp')
ankerl_unordered_dense_dep = declare_dependency(include_directories: include_directories('include'))
EOF
cat > "$S/unordered-dense/include/ankerl/unordered_dense.h" <<'EOF'
// Stand-in for ankerl::unordered_dense (https://github.com/martinus/unordered_dense),
// which Debian does not package. mediasoup uses only map<K,V>, set<K> and
// hash<T>{}(v); std::unordered_map/set give the same interface with stronger
// guarantees (stable references, no invalidation on insert), so code correct
// for unordered_dense is correct here. hash<> mixes integral/enum/pointer keys
// like unordered_dense does (128-bit multiply, fold); other types use std::hash.
#ifndef MS_ANKERL_UNORDERED_DENSE_SHIM_H
#define MS_ANKERL_UNORDERED_DENSE_SHIM_H
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
namespace ankerl::unordered_dense
{
  namespace detail
  {
    inline uint64_t mix(uint64_t a, uint64_t b) noexcept
    {
      const __uint128_t r = static_cast<__uint128_t>(a) * b;
      return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64U);
    }
  } // namespace detail
  template<typename T, typename Enable = void>
  struct hash
  {
    auto operator()(const T& obj) const noexcept(noexcept(std::hash<T>{}(obj))) -> uint64_t
    {
      return std::hash<T>{}(obj);
    }
  };
  template<typename T>
  struct hash<T, std::enable_if_t<std::is_integral_v<T> || std::is_enum_v<T> || std::is_pointer_v<T>>>
  {
    using is_avalanching = void;
    auto operator()(const T& obj) const noexcept -> uint64_t
    {
      uint64_t v;
      if constexpr (std::is_pointer_v<T>)
        v = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(obj));
      else
        v = static_cast<uint64_t>(obj);
      return detail::mix(v, UINT64_C(0x9E3779B97F4A7C15));
    }
  };
  template<class Key, class T, class Hash = hash<Key>, class KeyEqual = std::equal_to<Key>,
           class Allocator = std::allocator<std::pair<const Key, T>>>
  using map = std::unordered_map<Key, T, Hash, KeyEqual, Allocator>;
  template<class Key, class Hash = hash<Key>, class KeyEqual = std::equal_to<Key>,
           class Allocator = std::allocator<Key>>
  using set = std::unordered_set<Key, Hash, KeyEqual, Allocator>;
} // namespace ankerl::unordered_dense
#endif
EOF

# libsrtp 3.0 (versatica 3.0.0-beta-2fc078db) on Debian's libsrtp2 2.x
mkdir -p "$S/libsrtp3/include"
cat > "$S/libsrtp3/meson_options.txt" <<'EOF'
option('crypto-library', type: 'string', value: 'openssl')
option('crypto-library-kdf', type: 'string', value: 'disabled')
option('tests', type: 'string', value: 'disabled')
EOF
if [ "$SRTP_CRYPTO" = openssl ]; then
# the static libsrtp2 of step 1b by full path (the system's NSS-backed libsrtp2.so/.a
# must not be picked by a -lsrtp2 search) + libcrypto, its crypto backend
cat > "$S/libsrtp3/meson.build" <<EOF
project('libsrtp3', 'c')
# static libsrtp2 2.x with OpenSSL crypto (SRTP_CRYPTO=openssl) + include/srtp.h compat header
libsrtp3_dep = declare_dependency(
  compile_args: ['-I$SRTP_PREFIX/include'],
  link_args: ['$SRTP_PREFIX/lib/libsrtp2.a'],
  dependencies: dependency('openssl', version: '>=3.0'),
  include_directories: include_directories('include'),
)
libsrtp3 = static_library('libsrtp3_shim', files('empty.c'))
EOF
else
cat > "$S/libsrtp3/meson.build" <<'EOF'
project('libsrtp3', 'c')
# Debian libsrtp2 2.x + include/srtp.h compat header (shadows <srtp.h>)
libsrtp3_dep = declare_dependency(
  dependencies: dependency('libsrtp2', version: '>=2.4'),
  include_directories: include_directories('include'),
)
libsrtp3 = static_library('libsrtp3_shim', files('empty.c'))
EOF
fi
cat > "$S/libsrtp3/include/srtp.h" <<'EOF'
// libsrtp 3.0 API (as used by mediasoup >= 3.23) mapped onto libsrtp 2.x.
#ifndef MS_SRTP3_COMPAT_SHIM_H
#define MS_SRTP3_COMPAT_SHIM_H
/* 2.x's policy struct is renamed so that 3.0's opaque handle can be srtp_policy_t */
#define srtp_policy_t ms_srtp2_policy_t
#include <srtp2/srtp.h>
#undef srtp_policy_t
#ifdef __cplusplus
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
/* error codes added in libsrtp 3.0 (2.x stops at srtp_err_status_pkt_idx_adv = 27) */
#define srtp_err_status_buffer_small (static_cast<srtp_err_status_t>(28))
#define srtp_err_status_cryptex_err (static_cast<srtp_err_status_t>(29))
/* ---- opaque policy object (3.0) holding a 2.x policy struct + its key buffer */
struct ms_srtp3_policy
{
  ms_srtp2_policy_t p;
  unsigned char key[SRTP_MAX_KEY_LEN];
};
typedef ms_srtp3_policy* srtp_policy_t;
static inline srtp_err_status_t srtp_policy_create(srtp_policy_t* policy)
{
  if (policy == nullptr) return srtp_err_status_bad_param;
  *policy = new (std::nothrow) ms_srtp3_policy(); /* value-initialised: all zero */
  return *policy != nullptr ? srtp_err_status_ok : srtp_err_status_alloc_fail;
}
static inline void srtp_policy_destroy(srtp_policy_t policy)
{
  if (policy != nullptr) std::memset(policy->key, 0, sizeof(policy->key));
  delete policy;
}
static inline srtp_err_status_t srtp_policy_set_ssrc(srtp_policy_t policy, srtp_ssrc_t ssrc)
{
  if (policy == nullptr) return srtp_err_status_bad_param;
  policy->p.ssrc = ssrc;
  return srtp_err_status_ok;
}
static inline srtp_err_status_t srtp_policy_set_profile(srtp_policy_t policy, srtp_profile_t profile)
{
  if (policy == nullptr) return srtp_err_status_bad_param;
  const srtp_err_status_t err = srtp_crypto_policy_set_from_profile_for_rtp(&policy->p.rtp, profile);
  if (err != srtp_err_status_ok) return err;
  return srtp_crypto_policy_set_from_profile_for_rtcp(&policy->p.rtcp, profile);
}
/* one master key (key || salt), no MKI: all that mediasoup uses */
static inline srtp_err_status_t srtp_policy_add_key(
  srtp_policy_t policy, const uint8_t* key, size_t keyLen, const uint8_t* salt, size_t saltLen,
  const uint8_t* mki, size_t mkiLen)
{
  if (policy == nullptr || key == nullptr || (saltLen > 0 && salt == nullptr)) return srtp_err_status_bad_param;
  if (mki != nullptr || mkiLen != 0) return srtp_err_status_bad_mki;
  if (policy->p.key != nullptr || keyLen + saltLen > sizeof(policy->key)) return srtp_err_status_bad_param;
  std::memcpy(policy->key, key, keyLen);
  if (saltLen > 0) std::memcpy(policy->key + keyLen, salt, saltLen);
  policy->p.key = policy->key;
  return srtp_err_status_ok;
}
static inline srtp_err_status_t srtp_policy_set_allow_repeat_tx(srtp_policy_t policy, bool allow)
{
  if (policy == nullptr) return srtp_err_status_bad_param;
  policy->p.allow_repeat_tx = allow ? 1 : 0;
  return srtp_err_status_ok;
}
static inline srtp_err_status_t srtp_policy_set_window_size(srtp_policy_t policy, size_t windowSize)
{
  if (policy == nullptr || windowSize > 0x7fff) return srtp_err_status_bad_param;
  policy->p.window_size = static_cast<unsigned long>(windowSize);
  return srtp_err_status_ok;
}
static inline srtp_err_status_t srtp_create(srtp_t* session, srtp_policy_t policy)
{
  if (policy == nullptr || policy->p.key == nullptr) return srtp_err_status_bad_param;
  return ::srtp_create(session, &policy->p);
}
/* ---- out-of-place (un)protect(ctx, in, in_len, out, &out_len[, mki_index]) */
namespace ms_srtp3_compat
{
  using fn2_t = srtp_err_status_t (*)(srtp_t, void*, int*);
  /* copy input to output buffer, then run the in-place libsrtp 2.x function */
  static inline srtp_err_status_t op(
    fn2_t fn, srtp_t ctx, const uint8_t* in, size_t inLen, uint8_t* out, size_t* outLen, size_t extra)
  {
    if (inLen > static_cast<size_t>(INT_MAX) - extra) return srtp_err_status_bad_param;
    if (*outLen < inLen + extra) return srtp_err_status_buffer_small;
    if (out != in) std::memmove(out, in, inLen);
    int len = static_cast<int>(inLen);
    const srtp_err_status_t err = fn(ctx, out, &len);
    if (err == srtp_err_status_ok) *outLen = static_cast<size_t>(len);
    return err;
  }
} // namespace ms_srtp3_compat
/* no MKI in use: 2.x appends at most the auth tag (+4 byte SRTCP index) */
static inline srtp_err_status_t srtp_protect(
  srtp_t ctx, const uint8_t* rtp, size_t rtpLen, uint8_t* srtp, size_t* srtpLen, size_t mkiIndex)
{
  if (mkiIndex != 0) return srtp_err_status_bad_mki;
  return ms_srtp3_compat::op(::srtp_protect, ctx, rtp, rtpLen, srtp, srtpLen, SRTP_MAX_TAG_LEN);
}
static inline srtp_err_status_t srtp_unprotect(
  srtp_t ctx, const uint8_t* srtp, size_t srtpLen, uint8_t* rtp, size_t* rtpLen)
{
  return ms_srtp3_compat::op(::srtp_unprotect, ctx, srtp, srtpLen, rtp, rtpLen, 0);
}
static inline srtp_err_status_t srtp_protect_rtcp(
  srtp_t ctx, const uint8_t* rtcp, size_t rtcpLen, uint8_t* srtcp, size_t* srtcpLen, size_t mkiIndex)
{
  if (mkiIndex != 0) return srtp_err_status_bad_mki;
  return ms_srtp3_compat::op(::srtp_protect_rtcp, ctx, rtcp, rtcpLen, srtcp, srtcpLen, SRTP_MAX_TAG_LEN + 4);
}
static inline srtp_err_status_t srtp_unprotect_rtcp(
  srtp_t ctx, const uint8_t* srtcp, size_t srtcpLen, uint8_t* rtcp, size_t* rtcpLen)
{
  return ms_srtp3_compat::op(::srtp_unprotect_rtcp, ctx, srtcp, srtcpLen, rtcp, rtcpLen, 0);
}
/* libsrtp 3 renamed srtp_remove_stream() (same args, SSRC in network order) */
static inline srtp_err_status_t srtp_stream_remove(srtp_t session, unsigned int ssrc)
{
  return srtp_remove_stream(session, ssrc);
}
#endif
#endif
EOF

# shim -> worker/subprojects/<directory named in the .wrap>
cd "$W/subprojects"
grep -q srtp_policy_create "$W/src/RTC/SrtpSession.cpp" || {
  echo "ERROR: this mediasoup does not use the libsrtp 3.0 policy API; use build-mediasoup-worker.sh" >&2; exit 1; }
for wrap in *.wrap; do
  name=${wrap%.wrap}
  [ "$name" = wingetopt ] && continue        # Windows only
  [ -d "$S/$name" ] || { echo "ERROR: no shim for subproject '$name' (new dependency?)" >&2; exit 1; }
  dir=$(sed -n 's/^directory *= *//p' "$wrap"); rm -rf "$dir"; cp -r "$S/$name" "$dir"
done

# ---------------------------------------------------------------- 4b. DTLS BIO callback fix
# REQUIRED with Debian's (or any KTLS-enabled) OpenSSL, otherwise the worker
# SIGSEGVs in SSL_read() on the first DTLS ClientHello from a browser.
# mediasoup's BIO_set_callback_ex() callback onSslBioOut() (on the to-network
# mem BIO) returns 1 for every callback phase except exactly BIO_CB_RETURN, so
# it overrides the result of every BIO_ctrl() on that BIO with 1 (the
# BIO_CB_CTRL|BIO_CB_RETURN phase). Debian's libssl3 is built with KTLS, and
# ssl3_setup_write_buffer() asks BIO_get_ktls_send(wbio): it gets 1, believes
# kernel TLS is offloading the writes, leaves the record write buffer NULL and
# do_dtls1_write() then writes the record header to address 0. mediasoup's own
# wrapdb OpenSSL build has no KTLS, so upstream never hits it.
# Fix: pass the real return value through for every *_RETURN phase.
# MS_SKIP_DTLS_PATCH=1 skips it (only to reproduce the crash).
DTLS_CPP="$W/src/RTC/DtlsTransport.cpp"
if [ "${MS_SKIP_DTLS_PATCH:-0}" = 1 ]; then
  echo "WARNING: DTLS BIO patch skipped: the worker will crash at the first browser DTLS handshake" >&2
elif grep -q 'resultOfcallback = (operationType == BIO_CB_RETURN)' "$DTLS_CPP"; then
  sed -i 's/resultOfcallback = (operationType == BIO_CB_RETURN)/resultOfcallback = ((operationType \& BIO_CB_RETURN) != 0)/' "$DTLS_CPP"
  grep -q 'resultOfcallback = ((operationType & BIO_CB_RETURN) != 0)' "$DTLS_CPP"
elif ! grep -q 'BIO_set_callback_ex' "$DTLS_CPP"; then
  echo "note: DtlsTransport.cpp uses no BIO callback; no patch needed"
else
  echo "ERROR: onSslBioOut() in $DTLS_CPP changed; check its BIO_CB_RETURN handling by hand" >&2
  exit 1
fi

# ---------------------------------------------------------------- 5. build
cd "$W"
rm -rf "$WORK/build"
meson setup --wrap-mode=nodownload --buildtype release -Db_ndebug=true "$WORK/build"
start=$(date +%s)
# generate FBS/*.h first (kept from the 3.19 recipe; harmless in 3.27)
meson compile -C "$WORK/build" flatbuffers-generator
ninja -C "$WORK/build" -j"$JOBS" mediasoup-worker
end=$(date +%s)
echo "compile wall time: $(( end - start ))s; whole script: $(( end - t0 ))s"
if [ "$SRTP_CRYPTO" = openssl ]; then
  LDD=$(ldd "$WORK/build/mediasoup-worker")
  if grep -qE 'libsrtp2|libnss3|libnspr4|libfreebl|libsoftokn' <<<"$LDD"; then
    echo "ERROR: SRTP_CRYPTO=openssl but the worker still links NSS/libsrtp2.so:" >&2; echo "$LDD" >&2; exit 1
  fi
  grep -q ' T srtp_protect$' <<<"$(nm "$WORK/build/mediasoup-worker")" || {
    echo "ERROR: libsrtp2 not linked statically into the worker" >&2; exit 1; }
fi
mkdir -p "$OUTDIR"
cp "$WORK/build/mediasoup-worker" "$OUTDIR/mediasoup-worker-$MS_VERSION"
cp "$WORK/build/mediasoup-worker" "$OUTDIR/mediasoup-worker"
ls -l "$OUTDIR/mediasoup-worker-$MS_VERSION"
