package io.stele.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Requests that Jetty refuses before they reach a route (ambiguous URIs, bad headers, oversized
 * header blocks) get the API's error shape too, instead of an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    baseRequest.setHandled(true);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getOutputStream().write(body(code, message));
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
    return ByteBuffer.wrap(body(status, reason));
  }

  private static byte[] body(int status, String reason) {
    String code =
        switch (status) {
          case 404 -> "api.not_found";
          case 413, 431 -> "api.too_large";
          default -> status >= 500 ? "api.internal" : "api.malformed";
        };
    String message = status >= 500 || reason == null ? "HTTP status " + status : reason;
    return Json.write(Json.error(code, message)).getBytes(StandardCharsets.UTF_8);
  }
}
