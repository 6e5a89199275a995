/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gzip through GZlibCompressor/GZlibDecompressor, one buffer at a time. */

#define G_LOG_DOMAIN "dq-server-gzip"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-server-gzip.h"

/* Level 1: sync pages are large and repetitive; speed matters more than
 * the last few percent. */
#define GZIP_LEVEL 1

/* Runs all of @data through @converter; NULL past @max output bytes. */
static GBytes *
convert (GConverter   *converter,
         const guint8 *data,
         gsize         length,
         gsize         max,
         GError      **error)
{
  g_autoptr (GByteArray) out = g_byte_array_sized_new (MIN (MAX (length / 2, 256), max) + 64);
  gsize used = 0;

  for (;;)
    {
      GConverterResult result;
      gsize            read = 0, written = 0;
      GError          *local_error = NULL;

      if (out->len - used < 4096)
        g_byte_array_set_size (out, MAX (out->len * 2, used + 4096));
      result = g_converter_convert (converter, data, length, out->data + used, out->len - used,
                                    G_CONVERTER_INPUT_AT_END, &read, &written, &local_error);
      if (result == G_CONVERTER_ERROR)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
            {
              g_error_free (local_error);
              g_byte_array_set_size (out, out->len * 2);
              continue;
            }
          g_propagate_error (error, local_error);
          return NULL;
        }
      data += read;
      length -= read;
      used += written;
      if (used > max)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                               "The decompressed body is too large");
          return NULL;
        }
      if (result == G_CONVERTER_FINISHED)
        break;
      if (read == 0 && written == 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                               "The gzip data ends early");
          return NULL;
        }
    }

  g_byte_array_set_size (out, used);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

GBytes *
dq_server_gzip (const void *data,
                gsize       length)
{
  g_autoptr (GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP,
                                                                  GZIP_LEVEL);

  /* Compressing memory into memory cannot fail. */
  return convert (G_CONVERTER (compressor), data, length, G_MAXSIZE, NULL);
}

GBytes *
dq_server_gunzip (GBytes  *data,
                  gsize    max,
                  GError **error)
{
  g_autoptr (GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  gsize         length;
  const guint8 *bytes = g_bytes_get_data (data, &length);

  return convert (G_CONVERTER (decompressor), bytes, length, max, error);
}
