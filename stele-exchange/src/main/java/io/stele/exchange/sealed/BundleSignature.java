package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;

/**
 * What a published batch carries for one bundle so that anyone can check its members: the position
 * of its first member in the batch, the exact {@link BundleStatement} bytes the client signed, and
 * the signature. The members follow one another from {@code position}.
 */
public record BundleSignature(int position, Bytes statement, Bytes signature) {}
