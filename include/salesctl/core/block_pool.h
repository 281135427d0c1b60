/*
 * Large blocks kept for reuse. A block of 128 KiB or more is mapped by glibc (M_MMAP_THRESHOLD, app/daemon.c) and
 * unmapped when freed, so a cached answer of that size copied out for every request (plan status: 195 KB) was mapped,
 * faulted in page by page, zeroed by the kernel and unmapped each time. Blocks released here are kept, 1 MiB in
 * all, and handed out again. Everything block_alloc returns is plain malloc memory: free() is always a correct way to
 * let go of it, block_release only the one that keeps it for the next request.
 */
#ifndef SALESCTL_CORE_BLOCK_POOL_H
#define SALESCTL_CORE_BLOCK_POOL_H

#include <stddef.h>

/* n bytes (new: block_release or free); a kept block when one is large enough. NULL when out of memory. */
void *block_alloc(size_t n);
/* Keeps p for a later block_alloc when it is large and there is room, frees it otherwise; NULL is ignored. */
void block_release(void *p);
/* What is kept now, in bytes. */
size_t block_pool_kept_bytes(void);

#endif
