package io.stele.api.fix;

/** Stops a listener; closing twice does nothing. */
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
