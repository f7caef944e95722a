/* The part of zlib's C interface (zlib 1.3 ABI) that libgit2 1.9 uses, for libgit2 to compile
 * against on a machine without zlib's headers. The functions are zlib-rs's (libz-rs-sys, built
 * with `export-symbols`). Declarations follow zlib's manual; see ../src/lib.rs for why.
 * inflateInit_ and deflateInit_ check the version's major number and sizeof(z_stream), so a
 * layout that did not match would fail at the first call, not corrupt memory. */
#ifndef LEAKHOUND_ZLIB_SHIM_H
#define LEAKHOUND_ZLIB_SHIM_H

#ifdef __cplusplus
extern "C" {
#endif

#define ZLIB_VERSION "1.3.0"

typedef unsigned char Byte;
typedef Byte Bytef;
typedef unsigned int uInt;
typedef unsigned long uLong;
typedef void *voidpf;

typedef voidpf (*alloc_func)(voidpf opaque, uInt items, uInt size);
typedef void (*free_func)(voidpf opaque, voidpf address);

struct internal_state;

typedef struct z_stream_s {
	Bytef *next_in;
	uInt avail_in;
	uLong total_in;
	Bytef *next_out;
	uInt avail_out;
	uLong total_out;
	char *msg;
	struct internal_state *state;
	alloc_func zalloc;
	free_func zfree;
	voidpf opaque;
	int data_type;
	uLong adler;
	uLong reserved;
} z_stream;

typedef z_stream *z_streamp;

#define Z_NULL 0

#define Z_NO_FLUSH 0
#define Z_PARTIAL_FLUSH 1
#define Z_SYNC_FLUSH 2
#define Z_FULL_FLUSH 3
#define Z_FINISH 4

#define Z_OK 0
#define Z_STREAM_END 1
#define Z_NEED_DICT 2
#define Z_ERRNO (-1)
#define Z_STREAM_ERROR (-2)
#define Z_DATA_ERROR (-3)
#define Z_MEM_ERROR (-4)
#define Z_BUF_ERROR (-5)
#define Z_VERSION_ERROR (-6)

#define Z_NO_COMPRESSION 0
#define Z_BEST_SPEED 1
#define Z_BEST_COMPRESSION 9
#define Z_DEFAULT_COMPRESSION (-1)

extern int inflateInit_(z_streamp strm, const char *version, int stream_size);
extern int inflate(z_streamp strm, int flush);
extern int inflateReset(z_streamp strm);
extern int inflateEnd(z_streamp strm);

extern int deflateInit_(z_streamp strm, int level, const char *version, int stream_size);
extern int deflate(z_streamp strm, int flush);
extern int deflateReset(z_streamp strm);
extern int deflateEnd(z_streamp strm);

extern uLong crc32(uLong crc, const Bytef *buf, uInt len);

#define inflateInit(strm) inflateInit_((strm), ZLIB_VERSION, (int)sizeof(z_stream))
#define deflateInit(strm, level) deflateInit_((strm), (level), ZLIB_VERSION, (int)sizeof(z_stream))

#ifdef __cplusplus
}
#endif

#endif
