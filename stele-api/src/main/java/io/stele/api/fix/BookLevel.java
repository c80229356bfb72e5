package io.stele.api.fix;

/** All resting quantity at one price: quote minor units per whole base unit, base minor units. */
public record BookLevel(long price, long quantity) {}
