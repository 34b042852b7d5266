"""Built-in eLearning modules: lessons, quizzes, progress per person, completion certificates."""
