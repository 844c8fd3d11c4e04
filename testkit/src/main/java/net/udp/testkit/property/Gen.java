package net.udp.testkit.property;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A generator of values, drawing its choices from {@link Choices}. Every generator shrinks,
 * because shrinking edits the choices, never the values: a generator only has to map the choice
 * 0 to its simplest value.
 *
 * @param <T> the type of the values
 */
@FunctionalInterface
public interface Gen<T> {

  /**
   * Generates one value.
   *
   * @param choices where to draw from
   * @return the value
   */
  T generate(Choices choices);

  /**
   * Maps the values of this generator.
   *
   * @param <R> the mapped type
   * @param mapper the function
   * @return a generator of mapped values, shrinking as this one does
   */
  default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
    Objects.requireNonNull(mapper, "mapper");
    return choices -> mapper.apply(generate(choices));
  }

  /**
   * Chooses a second generator from this one's value, and draws from it.
   *
   * @param <R> the type of the second generator
   * @param next the choice of generator
   * @return the composed generator
   */
  default <R> Gen<R> flatMap(Function<? super T, Gen<R>> next) {
    Objects.requireNonNull(next, "next");
    return choices -> next.apply(generate(choices)).generate(choices);
  }

  /**
   * Keeps only values that pass a test; draws again otherwise, at most 100 times in a row.
   *
   * @param test the test
   * @return the filtered generator
   */
  default Gen<T> filter(Predicate<? super T> test) {
    Objects.requireNonNull(test, "test");
    return choices -> {
      for (int i = 0; i < 100; i++) {
        T value = generate(choices);
        if (test.test(value)) {
          return value;
        }
      }
      throw new IllegalStateException("the filter rejected 100 values in a row; generate valid values directly");
    };
  }

  /**
   * Always the same value.
   *
   * @param <T> its type
   * @param value the value
   * @return a generator that draws nothing
   */
  static <T> Gen<T> constant(T value) {
    return choices -> value;
  }

  /**
   * Integers in a range, often at its edges and near zero (one choice each); they shrink toward
   * the value nearest zero.
   *
   * @param min the smallest
   * @param max the largest, at least {@code min}
   * @return the generator
   */
  static Gen<Integer> integers(int min, int max) {
    Gen<Long> longs = longs(min, max);
    return choices -> (int) (long) longs.generate(choices);
  }

  /**
   * Longs in a range, often at its edges and near zero; they shrink toward the value nearest
   * zero.
   *
   * @param min the smallest
   * @param max the largest, at least {@code min}
   * @return the generator
   */
  static Gen<Long> longs(long min, long max) {
    if (max < min) {
      throw new IllegalArgumentException("max " + max + " is less than min " + min);
    }
    if (min >= 0) {
      long span = max - min;
      return choices -> min + choices.draw(span);
    }
    if (max <= 0) {
      long span = max - min < 0 ? Long.MAX_VALUE : max - min;
      return choices -> max - choices.draw(span);
    }
    // Straddling zero: a side, then a distance from zero; both shrink toward zero.
    long below = min == Long.MIN_VALUE ? Long.MAX_VALUE : -min;
    return choices -> choices.draw(1) == 0 ? choices.draw(max) : -choices.draw(below);
  }

  /**
   * {@code false} or {@code true}, shrinking to {@code false}.
   *
   * @return the generator
   */
  static Gen<Boolean> booleans() {
    return choices -> choices.draw(1) == 1;
  }

  /**
   * One of some values, shrinking toward the first.
   *
   * @param <T> their type
   * @param values the values, at least one
   * @return the generator
   */
  @SafeVarargs
  static <T> Gen<T> oneOf(T... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("oneOf needs at least one value");
    }
    List<T> copy = new ArrayList<>(values.length);
    for (T value : values) {
      copy.add(value);
    }
    return choices -> copy.get((int) choices.draw(copy.size() - 1));
  }

  /**
   * Byte arrays with a length in a range. The contents come from one choice, a seed, so that a
   * 64 KiB payload costs two choices rather than 65,536; they shrink as a whole to zeros, and the
   * length shrinks toward {@code minLength}.
   *
   * @param minLength the shortest
   * @param maxLength the longest
   * @return the generator
   */
  static Gen<byte[]> bytes(int minLength, int maxLength) {
    Gen<Integer> lengths = integers(minLength, maxLength);
    return choices -> {
      int length = lengths.generate(choices);
      long seed = choices.draw(Long.MAX_VALUE);
      byte[] bytes = new byte[length];
      if (seed != 0) {
        new SplittableRandom(seed).nextBytes(bytes);
      }
      return bytes;
    };
  }

  /**
   * Strings over an alphabet, with a length in a range; they shrink toward shorter strings of the
   * alphabet's first character.
   *
   * @param alphabet the characters to use
   * @param minLength the shortest
   * @param maxLength the longest
   * @return the generator
   */
  static Gen<String> strings(String alphabet, int minLength, int maxLength) {
    if (alphabet.isEmpty()) {
      throw new IllegalArgumentException("the alphabet is empty");
    }
    Gen<List<Character>> chars =
        lists(choices -> alphabet.charAt((int) choices.draw(alphabet.length() - 1)), minLength, maxLength);
    return chars.map(list -> {
      StringBuilder text = new StringBuilder(list.size());
      list.forEach(text::append);
      return text.toString();
    });
  }

  /**
   * Lists of elements with a size in a range. Each element is preceded by a "one more?" choice,
   * so that shrinking deletes elements by deleting their choices.
   *
   * @param <T> the element type
   * @param element the element generator
   * @param minSize the smallest size
   * @param maxSize the largest size
   * @return the generator
   */
  static <T> Gen<List<T>> lists(Gen<T> element, int minSize, int maxSize) {
    if (minSize < 0 || maxSize < minSize) {
      throw new IllegalArgumentException("bad size range " + minSize + ".." + maxSize);
    }
    return choices -> {
      List<T> list = new ArrayList<>();
      while (list.size() < maxSize) {
        boolean more = choices.draw(7) != 0; // 7 in 8: long enough lists to be interesting
        if (!more && list.size() >= minSize) {
          break;
        }
        list.add(element.generate(choices));
      }
      return list;
    };
  }

  /**
   * Pairs values of two generators.
   *
   * @param <A> the first type
   * @param <B> the second type
   * @param <R> the combined type
   * @param first the first generator
   * @param second the second generator
   * @param combine how to combine a pair
   * @return the generator
   */
  static <A, B, R> Gen<R> zip(Gen<A> first, Gen<B> second, BiFunction<? super A, ? super B, ? extends R> combine) {
    return choices -> combine.apply(first.generate(choices), second.generate(choices));
  }

  /**
   * Describes a generated value for a failure report: arrays, buffers, collections and records by
   * their contents, however nested (long ones abbreviated), everything else by {@code toString}.
   *
   * @param value the value
   * @return the description
   */
  static String describe(@Nullable Object value) {
    StringBuilder out = new StringBuilder();
    describe(value, out, 0);
    return out.toString();
  }

  /** Arrays, buffers, collections and records as their contents, never as {@code [I@1b6d3586}. */
  private static void describe(@Nullable Object value, StringBuilder out, int depth) {
    if (depth > 8) {
      out.append("...");
    } else if (value instanceof byte[] b) {
      out.append("byte[").append(b.length).append("] ").append(b.length <= 32 ? Arrays.toString(b) : Arrays.toString(Arrays.copyOf(b, 16)) + "...");
    } else if (value instanceof java.nio.ByteBuffer b) {
      byte[] content = new byte[b.remaining()];
      b.duplicate().get(content);
      out.append("ByteBuffer(position ").append(b.position()).append(", limit ").append(b.limit()).append(") remaining ");
      describe(content, out, depth + 1);
    } else if (value != null && value.getClass().isArray() && value.getClass().getComponentType().isPrimitive()) {
      int length = java.lang.reflect.Array.getLength(value);
      out.append(value.getClass().getComponentType().getName()).append('[').append(length).append("] [");
      for (int i = 0; i < Math.min(length, 32); i++) {
        out.append(i == 0 ? "" : ", ").append(java.lang.reflect.Array.get(value, i));
      }
      out.append(length > 32 ? ", ...]" : "]");
    } else if (value instanceof Object[] a) {
      each(Arrays.asList(a), out, depth);
    } else if (value instanceof java.util.Collection<?> c) {
      each(c, out, depth);
    } else if (value instanceof Record r) {
      out.append(r.getClass().getSimpleName()).append('[');
      java.lang.reflect.RecordComponent[] parts = r.getClass().getRecordComponents();
      for (int i = 0; i < parts.length; i++) {
        out.append(i == 0 ? "" : ", ").append(parts[i].getName()).append('=');
        try {
          java.lang.reflect.Method accessor = parts[i].getAccessor();
          if (!accessor.canAccess(r)) {
            accessor.trySetAccessible();
          }
          describe(accessor.invoke(r), out, depth + 1);
        } catch (ReflectiveOperationException | RuntimeException e) {
          out.append('?');
        }
      }
      out.append(']');
    } else {
      out.append(value);
    }
  }

  private static void each(java.util.Collection<?> items, StringBuilder out, int depth) {
    out.append('[');
    int i = 0;
    for (Object item : items) {
      if (i == 64) {
        out.append(", ... ").append(items.size() - 64).append(" more");
        break;
      }
      out.append(i++ == 0 ? "" : ", ");
      describe(item, out, depth + 1);
    }
    out.append(']');
  }

}
