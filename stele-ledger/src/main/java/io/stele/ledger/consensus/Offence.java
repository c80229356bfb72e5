package io.stele.ledger.consensus;

import io.stele.core.crypto.PublicKey;

/** One witness equivocating at one height: punished once, however much evidence shows it. */
public record Offence(PublicKey witness, long height) {}
