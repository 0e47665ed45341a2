@NullMarked
package dev.taxi.web;

import org.jspecify.annotations.NullMarked;
