/*
 * A HotSpot disassembler plugin (hsdis-amd64.so) on the Capstone library, for -XX:+PrintAssembly on JDK 25,
 * whose plugin entry point is decode_instructions_virtual (Debian's libhsdis0-fcml only has the older one).
 * Build: see README.md. Only x86-64; Capstone 4 decodes some AVX-512 forms as junk, but the FMA loops' loads, stores,
 * broadcasts and stack spills read correctly.
 */
#include <stdint.h>
#include <stddef.h>
#include <capstone/capstone.h>

typedef void *(*event_fn)(void *, const char *, void *);
typedef int (*print_fn)(void *, const char *, ...);

static void *no_event(void *stream, const char *event, void *arg) {
    (void) stream; (void) event; (void) arg;
    return NULL;
}

void *decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va, unsigned char *buffer, uintptr_t length,
                                  event_fn event, void *event_stream, print_fn print, void *print_stream,
                                  const char *options, int newline) {
    (void) end_va; (void) options;
    csh handle;
    cs_insn *insn;
    if (event == NULL) {
        event = no_event;
    }
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) {
        return NULL;
    }
    cs_option(handle, CS_OPT_SKIPDATA, CS_OPT_ON);
    size_t count = cs_disasm(handle, buffer, length, (uint64_t) start_va, 0, &insn);
    for (size_t i = 0; i < count; i++) {
        event(event_stream, "insn", (void *) (uintptr_t) insn[i].address);
        print(print_stream, "%s\t%s", insn[i].mnemonic, insn[i].op_str);
        event(event_stream, "/insn", (void *) (uintptr_t) (insn[i].address + insn[i].size));
        if (newline) {
            print(print_stream, "\n");
        }
    }
    if (count > 0) {
        cs_free(insn, count);
    }
    cs_close(&handle);
    return NULL;
}
