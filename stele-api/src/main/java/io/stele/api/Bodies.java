package io.stele.api;

import io.javalin.http.Context;
import io.stele.core.error.SteleException;
import java.io.IOException;
import java.io.InputStream;

/** Reads request bodies with a hard byte limit, whether or not a Content-Length was sent. */
public final class Bodies {
  private Bodies() {}

  public static byte[] read(Context ctx, long maxBytes) {
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (body.length > maxBytes) {
        throw new SteleException(
            "api.too_large", "the request body is over the limit of " + maxBytes + " bytes");
      }
      return body;
    } catch (IOException e) {
      throw new SteleException("api.malformed", "the request body could not be read");
    }
  }

  /** The media type without parameters, lower case; empty when none was sent. */
  public static String mediaType(Context ctx) {
    String type = ctx.contentType();
    if (type == null) {
      return "";
    }
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase();
  }
}
