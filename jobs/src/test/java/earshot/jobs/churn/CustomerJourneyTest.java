package earshot.jobs.churn;

import static earshot.jobs.churn.Contacts.at;
import static earshot.jobs.churn.Contacts.day;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.CompositeType;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

class CustomerJourneyTest {

  @Test
  void keepsTheNewestContactsInTimeOrderAndIgnoresReDeliveries() {
    CustomerJourney j = new CustomerJourney();
    for (int i = 0; i < 5; i++) {
      assertThat(j.add(at(day(i)).id("c" + i).build(), 3)).isTrue();
    }
    assertThat(j.add(at(day(3.5)).id("late").build(), 3)).isTrue();
    assertThat(j.add(at(day(4)).id("c4").build(), 3)).isFalse();
    assertThat(j.contacts).extracting(c -> c.interactionId).containsExactly("c3", "late", "c4");
  }

  @Test
  void aLateNpsAnswerDoesNotReplaceANewerOne() {
    CustomerJourney j = new CustomerJourney();
    j.add(at(day(5)).id("new").nps(9).build(), 10);
    j.add(at(day(1)).id("old").nps(2).build(), 10);
    assertThat(j.npsLatest).isEqualTo(9);
    assertThat(j.npsLatestInteraction).isEqualTo("new");
  }

  /** Savepoints can only evolve POJO state: no field of the journey may fall back to a generic (Kryo) serializer. */
  @Test
  void theJourneyIsAFlinkPojoAllTheWayDown() {
    assertNoGenericType(TypeInformation.of(CustomerJourney.class), "CustomerJourney");
  }

  static void assertNoGenericType(TypeInformation<?> type, String path) {
    assertThat(type).as(path).isNotInstanceOf(GenericTypeInfo.class);
    if (type instanceof PojoTypeInfo<?> pojo) {
      for (int i = 0; i < pojo.getArity(); i++) {
        assertNoGenericType(pojo.getTypeAt(i), path + "." + pojo.getPojoFieldAt(i).getField().getName());
      }
    } else if (type instanceof CompositeType<?> composite) {
      for (int i = 0; i < composite.getArity(); i++) {
        assertNoGenericType(composite.getTypeAt(i), path + "[" + i + "]");
      }
    } else if (type instanceof org.apache.flink.api.java.typeutils.ListTypeInfo<?> list) {
      assertNoGenericType(list.getElementTypeInfo(), path + "[]");
    }
  }
}
